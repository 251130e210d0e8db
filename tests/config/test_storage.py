"""Files on S3-compatible storage (DJANGO_S3_BUCKET, django-storages) against a local endpoint, moto's server: an upload
lands in the bucket and nowhere on the disk, private, and comes back through the permission-checked download view."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from config.settings import s3_storage
from contest.enums import AttachmentKind, JobStatus
from contest.models import Attachment, DocumentJob
from tests import s3
from tests.contest.helpers import PDF_BYTES, pdf, started
from tests.factories import UserFactory, open_contest

BASE_DIR = Path(__file__).resolve().parents[2]
PUBLIC = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="module")
def endpoint():
    with s3.moto_server() as address:
        yield address


@pytest.fixture
def bucket(endpoint, settings):
    """A fresh bucket, the default storage on it (as config/settings.py makes it from the environment)."""
    bucket = s3.new_bucket(endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(bucket.env())}
    return bucket


def test_the_environment_chooses_the_bucket_and_keeps_it_private():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_S3_BUCKET="portal-files",
        DJANGO_S3_ENDPOINT_URL="https://storage.yandexcloud.net",
        DJANGO_S3_REGION="ru-central1",
    )
    code = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    default = json.loads(result.stdout)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] | {"access_key": None, "secret_key": None} == {
        "bucket_name": "portal-files",
        "endpoint_url": "https://storage.yandexcloud.net",
        "region_name": "ru-central1",
        "access_key": None,  # boto3's own chain: AWS_ACCESS_KEY_ID, ~/.aws, a role
        "secret_key": None,
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }


def test_without_a_bucket_files_stay_on_the_disk(settings):
    assert settings.STORAGES["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.django_db
def test_an_attachment_is_stored_in_the_bucket_and_downloaded_through_the_view(
    client, bucket, private_files, django_capture_on_commit_callbacks
):
    participation, user = started(open_contest())
    client.force_login(user)
    url = reverse("attachments", args=[participation.pk])
    response = client.post(url, {"kind": AttachmentKind.ANALYTICAL_NOTE, "file": pdf("Записка.pdf"), "comment": ""})
    assert response["Location"] == url
    attachment = Attachment.objects.get()
    assert bucket.names() == [attachment.file.name]
    assert attachment.file.name.startswith(f"participations/{participation.pk}/")
    assert not private_files.exists()  # nothing on the disk
    # Private: only the owner's grant, nobody reads it without the keys.
    grants = bucket.client().get_object_acl(Bucket=bucket.name, Key=attachment.file.name)["Grants"]
    assert PUBLIC not in {grant["Grantee"].get("URI") for grant in grants}
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]

    download = client.get(reverse("attachment-download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"

    client.force_login(UserFactory(role=""))  # someone without the participation
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 404

    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the deletion is committed
        client.post(reverse("attachment-delete", args=[attachment.pk]))
    assert bucket.names() == []


@pytest.mark.django_db
def test_a_file_missing_from_the_bucket_is_not_found(client, bucket):
    participation, user = started(open_contest())
    client.force_login(user)
    client.post(
        reverse("attachments", args=[participation.pk]),
        {"kind": AttachmentKind.ANALYTICAL_NOTE, "file": pdf(), "comment": ""},
    )
    attachment = Attachment.objects.get()
    bucket.client().delete_object(Bucket=bucket.name, Key=attachment.file.name)
    assert client.get(reverse("attachment-download", args=[attachment.pk])).status_code == 404


@pytest.mark.django_db
def test_a_document_the_worker_builds_is_kept_in_the_bucket(client, bucket, django_capture_on_commit_callbacks):
    open_contest()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("export-participants"))
    job = DocumentJob.objects.get()
    assert response["Location"] == reverse("document-job", args=[job.pk])
    assert job.status == JobStatus.DONE
    assert bucket.names() == [job.file.name]
    download = client.get(reverse("document-job-download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
