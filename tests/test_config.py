"""Process-wide settings."""

import platform

import pytest

import lamina


def test_data_format_and_device_settings_validate():
    with pytest.raises(ValueError, match="data_format=nhwc"):
        lamina.config.set_image_data_format("NHWC")
    assert lamina.config.image_data_format() == "channels_last"


@pytest.mark.skipif(platform.system() != "Linux", reason="mallopt is glibc's")
def test_tune_malloc_applies_on_glibc():
    assert lamina.config.tune_malloc() is True
