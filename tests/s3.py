"""A local S3 endpoint for the tests: moto's server in a thread of the test process, reachable over HTTP by the test
itself and by the processes it starts (app nodes, the worker). Skipped where moto (the test extras) is not installed."""

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"
REGION = "us-east-1"


@dataclass(frozen=True)
class Bucket:
    endpoint: str
    name: str

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def names(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def env(self) -> dict[str, str]:
        """The portal's settings for this bucket (config/settings.py, README «Несколько серверов»)."""
        return {
            "DJANGO_S3_BUCKET": self.name,
            "DJANGO_S3_ENDPOINT_URL": self.endpoint,
            "DJANGO_S3_REGION": REGION,
            "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto's S3 server on a free port; yields its address."""
    pytest.importorskip("storages.backends.s3", reason="django-storages[s3] is not installed")
    server_module = pytest.importorskip("moto.server", reason="moto (the test extras) is not installed")
    pytest.importorskip("flask", reason="moto's server needs Flask (the test extras)")
    port = _free_port()
    server = server_module.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def new_bucket(endpoint: str) -> Bucket:
    bucket = Bucket(endpoint=endpoint, name=f"portal-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(Bucket=bucket.name)
    return bucket
