"""Settings for the Celery workers that tests/digests/test_worker_kill.py starts and kills.

The portal's settings, with the waits shrunk so the test runs in seconds: a batch whose
worker died is delivered again after 4 s (1 hour in production) and a claim goes stale
after 2 s (10 minutes). Batches of 10 people, so 60 people make 6 batches. Every task goes
to the test's own queue, so a worker of another test run never picks these up.
"""

import os

from portal.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["DIGEST_KILL_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
DIGEST_CLAIM_LEASE_SECONDS = 2
DIGEST_BATCH_SIZE = 10
