"""Django's SMTP backend with a crash injected: after CRASH_AFTER messages it raises an
exception no code catches (BaseException), as if the process died there. `when` chooses the
worst moment: "after" the server accepted the message (before it is recorded), or "before"
it is handed over."""

from django.core.mail.backends.smtp import EmailBackend


class SimulatedCrash(BaseException):
    pass


class CrashingBackend(EmailBackend):
    plan = {"after": None, "when": "after", "count": 0}

    @classmethod
    def arm(cls, after, when="after"):
        cls.plan = {"after": after, "when": when, "count": 0}

    @classmethod
    def disarm(cls):
        cls.plan = {"after": None, "when": "after", "count": 0}

    def send_messages(self, email_messages):
        plan = type(self).plan
        due = plan["after"] is not None and plan["count"] + 1 >= plan["after"]
        if due and plan["when"] == "before":
            raise SimulatedCrash
        sent = super().send_messages(email_messages)
        plan["count"] += 1
        if due and plan["when"] == "after":
            raise SimulatedCrash
        return sent
