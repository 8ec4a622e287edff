"""Time expressions: Arabic dates, times and durations normalised to TIMEX3 values."""
