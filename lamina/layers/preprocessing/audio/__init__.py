"""Keras's audio preprocessing layers: MelSpectrogram and STFTSpectrogram."""
