"""Entities: NER, gazetteers, knowledge base, linking, coreference, geocoding."""
