"""The cluster's e-mail backend: files in a shared folder, written after a delay."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """Like an SMTP relay, a send takes a while (CLUSTER_MAIL_DELAY seconds, 5 s for
    a subject starting with LENTO) and nothing is delivered until it ends: a worker
    killed meanwhile sent nothing."""

    def send_messages(self, email_messages):
        slow = any(message.subject.startswith("LENTO") for message in email_messages)
        time.sleep(5 if slow else float(os.environ.get("CLUSTER_MAIL_DELAY", "0")))
        return super().send_messages(email_messages)
