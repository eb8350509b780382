"""RemoteMonitor: what a local HTTP server receives, compared with what Keras's RemoteMonitor
hands to `requests` (not installed here, so a recording stand-in takes its place)."""

import http.server
import json
import threading
import types
import urllib.parse
import warnings

import numpy as np
import pytest

import lamina
from lamina import layers
from lamina.callbacks import RemoteMonitor


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, dict(self.headers), body))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def server():
    """A server on 127.0.0.1 (a free port) that records every POST; stopped after the test."""
    httpd = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.received, httpd.status = [], 200
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.root = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def _fit(callback, epochs=2):
    rng = np.random.default_rng(0)
    x = rng.random((8, 3), dtype=np.float32)
    model = lamina.Sequential([lamina.Input((3,)), layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    return model.fit(x, x.sum(axis=1, keepdims=True), epochs=epochs, validation_data=(x, x[:, :1]),
                     callbacks=[callback], verbose=0).history


def _keras_payloads(keras, monkeypatch, logs_per_epoch, fail=False, **kwargs):
    """What Keras's RemoteMonitor passes to `requests.post` for these epoch logs."""
    from keras.src.callbacks import remote_monitor

    calls = []

    class RequestException(Exception):
        pass

    def post(url, data=None, json=None, headers=None):
        if fail:
            raise RequestException("connection refused")
        calls.append({"url": url, "data": data, "json": json, "headers": headers})

    fake = types.SimpleNamespace(post=post, exceptions=types.SimpleNamespace(RequestException=RequestException))
    monkeypatch.setattr(remote_monitor, "requests", fake)
    callback = keras.callbacks.RemoteMonitor(**kwargs)
    for epoch, logs in enumerate(logs_per_epoch):
        callback.on_epoch_end(epoch, dict(logs))
    return calls


def _epoch_logs(history):
    return [{k: v[e] for k, v in history.items()} for e in range(len(history["loss"]))]


def test_form_post_matches_keras(server, keras, monkeypatch):
    history = _fit(RemoteMonitor(root=server.root))
    expected = _keras_payloads(keras, monkeypatch, _epoch_logs(history), root=server.root)
    assert len(server.received) == len(expected) == 2
    for (path, headers, body), call in zip(server.received, expected):
        assert server.root + path == call["url"] == server.root + "/publish/epoch/end/"
        assert headers["Content-Type"] == "application/x-www-form-urlencoded"  # requests' form
        form = urllib.parse.parse_qs(body.decode())
        assert list(form) == list(call["data"]) == ["data"]
        assert json.loads(form["data"][0]) == json.loads(call["data"]["data"])


def test_json_post_with_headers_matches_keras(server, keras, monkeypatch):
    kwargs = dict(root=server.root, path="/epochs", field="ignored", headers={"X-Run": "42"},
                  send_as_json=True)
    history = _fit(RemoteMonitor(**kwargs))
    expected = _keras_payloads(keras, monkeypatch, _epoch_logs(history), **kwargs)
    for epoch, ((path, headers, body), call) in enumerate(zip(server.received, expected)):
        assert path == "/epochs" and headers["X-Run"] == "42" and call["headers"] == {"X-Run": "42"}
        assert headers["Content-Type"] == "application/json"
        payload = json.loads(body)
        assert payload == call["json"]
        assert payload["epoch"] == epoch and payload["val_mae"] == history["val_mae"][epoch]


def test_numpy_values_are_sent_as_numbers(server):
    RemoteMonitor(root=server.root, send_as_json=True).on_epoch_end(
        3, {"loss": np.float32(0.5), "count": np.int64(7)})
    (_, _, body), = server.received
    assert json.loads(body) == {"epoch": 3, "loss": 0.5, "count": 7}


def test_unreachable_server_warns_like_keras(server, keras, monkeypatch):
    root = server.root
    server.shutdown()
    server.server_close()  # nothing listens on the port any more
    with pytest.warns(UserWarning) as ours:
        history = _fit(RemoteMonitor(root=root), epochs=1)
    assert len(history["loss"]) == 1  # training went on
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        _keras_payloads(keras, monkeypatch, [{"loss": 1.0}], fail=True, root=root)
    assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]
    assert str(ours[0].message) == f"Could not reach RemoteMonitor root server at {root}"


def test_http_error_status_is_ignored_as_keras_does(server):
    server.status = 500  # `requests.post` does not raise on it, so Keras neither warns nor fails
    _fit(RemoteMonitor(root=server.root), epochs=1)
    assert len(server.received) == 1


def test_constructor_matches_keras(keras):
    ours, theirs = RemoteMonitor(), keras.callbacks.RemoteMonitor()
    for name in ("root", "path", "field", "headers", "send_as_json"):
        assert getattr(ours, name) == getattr(theirs, name), name
