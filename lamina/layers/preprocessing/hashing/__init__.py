"""Keras's hashing preprocessing layers: Hashing and HashedCrossing, with FarmHash and
SipHash written in Python so that bins match TensorFlow's bit for bit."""
