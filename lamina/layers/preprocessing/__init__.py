"""Keras's preprocessing layers: numeric features, categorical encodings and images."""
