"""AdamW: Adam with decoupled weight decay switched on by default."""

from .adam import Adam


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Identical to `Adam(weight_decay=...)`: before each update every weight is shrunk by
    `w -= w * weight_decay * learning_rate`, as in Keras (torch's `AdamW` uses the same
    product, but its Adam step places epsilon differently; see `Adam`).

    Args:
        learning_rate: A float or a callable schedule. Defaults to `0.001`.
        weight_decay: The decay rate; must be a float. Defaults to `0.004`.
        beta_1, beta_2, epsilon, amsgrad: As for `Adam`.
        **kwargs: The other base arguments; see `Optimizer`.
    """

    def __init__(
        self,
        learning_rate: float = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        if self.weight_decay is None:
            raise ValueError(
                "Argument `weight_decay` must be a float for AdamW. Received: "
                "weight_decay=None. Use `Adam` for no weight decay."
            )
