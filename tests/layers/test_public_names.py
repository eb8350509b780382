"""`lamina.layers` against Keras 3.15.1's `keras.layers`: every public name exists, or is
listed here with the reason it is left out. A name Keras adds fails this test."""

import lamina

BACKEND_BOUND = {
    "FlaxLayer": "wraps a Flax module; needs JAX",
    "JaxLayer": "wraps a JAX function; needs JAX",
    "TFSMLayer": "loads a TensorFlow SavedModel; needs TensorFlow",
}
EXCLUDED = dict(BACKEND_BOUND)


def test_every_keras_layer_name_exists_or_is_excluded_with_a_reason(keras):
    names = {n for n in dir(keras.layers) if not n.startswith("_")}
    missing = sorted(n for n in names if not hasattr(lamina.layers, n) and n not in EXCLUDED)
    assert not missing, f"keras.layers names missing from lamina.layers: {missing}"


def test_exclusions_are_not_stale(keras):
    """An excluded name that Lamina now has (or Keras dropped) must leave the list."""
    names = {n for n in dir(keras.layers) if not n.startswith("_")}
    stale = sorted(n for n in EXCLUDED if hasattr(lamina.layers, n) or n not in names)
    assert not stale, f"remove from EXCLUDED: {stale}"


def test_aliases_are_the_same_classes_as_keras_aliases(keras):
    """Where Keras exports one class under two names (MaxPool2D, Convolution2D, ...), so
    does Lamina."""
    for name in dir(keras.layers):
        if name.startswith("_") or name in EXCLUDED:
            continue
        theirs = getattr(keras.layers, name)
        if not isinstance(theirs, type):
            continue
        canonical = theirs.__name__
        if canonical != name and hasattr(lamina.layers, canonical):
            assert getattr(lamina.layers, name) is getattr(lamina.layers, canonical), name
