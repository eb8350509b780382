"""The check at a model's entry: does the data fit the `Input` the model was built for?"""


def conform_input(expected: tuple, x, name: str, check_sizes: bool = True):
    """Returns `x`, with a trailing axis of size 1 squeezed or added when that makes its rank
    match (as Keras does); raises a ValueError when the rank, or any known non-batch size
    (`check_sizes`), still differs."""
    got = tuple(x.shape)
    if len(got) == len(expected) and all(e is None or e == g for e, g in zip(expected[1:], got[1:])):
        return x  # the usual call: the shape fits as it is
    if len(got) == len(expected) + 1 and got[-1] == 1:
        x, got = x.squeeze(-1), got[:-1]
    elif len(got) + 1 == len(expected) and expected[-1] == 1:
        x, got = x.unsqueeze(-1), (*got, 1)
    wrong_sizes = check_sizes and any(e is not None and e != g for e, g in zip(expected[1:], got[1:]))
    if len(got) != len(expected) or wrong_sizes:
        raise ValueError(
            f"Invalid input shape for input {name}. Expected shape {expected}, but input has "
            f"incompatible shape {got}. Feed arrays of shape (batch, {', '.join(map(str, expected[1:]))}), "
            "or rebuild the model for the new size."
        )
    return x
