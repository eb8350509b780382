"""RemoteMonitor: POST each epoch's logs to an HTTP server."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

from .. import registry
from .callback import Callback


class RemoteMonitor(Callback):
    """Sends `{"epoch": epoch, **logs}` to `root + path` with an HTTP POST after each epoch.

    By default the JSON text is sent inside a form, under `field`
    (`application/x-www-form-urlencoded`); with `send_as_json=True` it is the request
    body (`application/json`). It uses the standard library's `urllib`, so unlike Keras it
    needs no `requests`. A server that cannot be reached gives a warning and training goes
    on; as with Keras (whose `requests` does not raise on them), an answer with an HTTP
    error status is ignored.

    Args:
        root: The server's root URL.
        path: Path after `root` to post to.
        field: Form field holding the JSON text (used when `send_as_json=False`).
        headers: Extra HTTP headers, a dict.
        send_as_json: Send the JSON as the request body.

    Example:

    >>> RemoteMonitor(root="http://127.0.0.1:9000").path
    '/publish/epoch/end/'
    """

    main_process_only = True  # under torchrun, one POST per epoch (the logs are global already)

    def __init__(
        self,
        root: str = "http://localhost:9000",
        path: str = "/publish/epoch/end/",
        field: str = "data",
        headers: dict | None = None,
        send_as_json: bool = False,
    ) -> None:
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        send = {"epoch": epoch}
        for key, value in (logs or {}).items():
            # numpy and 0-d torch scalars are not JSON types; `item()` unwraps them.
            send[key] = value.item() if hasattr(value, "item") else value
        if self.send_as_json:
            body, content_type = json.dumps(send).encode("utf-8"), "application/json"
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(send)}).encode("ascii")
            content_type = "application/x-www-form-urlencoded"
        headers = dict(self.headers or {})
        if not any(key.lower() == "content-type" for key in headers):  # the user's wins
            headers["Content-Type"] = content_type
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request) as response:
                response.read()
        except urllib.error.HTTPError as error:
            error.close()  # the server was reached and answered; Keras ignores the status too
        except (urllib.error.URLError, OSError, ValueError):
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root}", stacklevel=2)


registry.register_builtin("callbacks", RemoteMonitor)
