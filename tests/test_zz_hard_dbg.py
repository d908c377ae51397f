import pytest
from django.urls import reverse
from tests.test_user_admin import change_data, staff_admin  # noqa
from tests.factories import make_user
from evaluations.roles import OFFICIAL
pytestmark = pytest.mark.django_db
def test_dbg(admin_client):
    target = make_user(OFFICIAL)
    r = admin_client.post(reverse("admin:auth_user_change", args=[target.pk]), change_data(target, is_superuser="on"))
    ctx = r.context; print("ERRORS", r.status_code, ctx.get("errors"), [(f.formset.prefix, f.formset.errors, f.formset.non_form_errors()) for f in ctx.get("inline_admin_formsets", [])], ctx["adminform"].form.non_field_errors())
