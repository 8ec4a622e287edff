"""Named entity recognition: a CRF over clitic-segmented tokens plus gazetteer typing.

``features`` turns a sentence of :class:`marsad.document.Token` into CRF features, ``conll``
reads ANERcorp-style training data and aligns it to Marsad's tokens, ``model`` trains,
loads and scores the tagger, ``lexicon`` builds the gazetteers from the knowledge base,
and ``recognizer`` maps the model's coarse types (PERS, ORG, LOC)
to Marsad's (PER, ORG, GPE, LOC, FAC) and finds nationality words (NORP).
"""
