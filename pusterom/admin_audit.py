"""The Django admin shows patients' data too, so its pages write audit rows like the
clinicians' pages do (through ``pusterom.audit``, merged within the read window).

Every ModelAdmin of a model that holds a patient's personal or health data inherits
``PatientDataAdmin`` and names, in ``patient_user``, the lookup from its model to the patient's
``User`` (``None`` for the User model itself). Then:

- the list page (and the pop-up list behind a raw id field) writes a read for every patient
  on the page, in one query and one insert;
- the change page (view-only pages too), the history page and, for users, the password page
  write a read of the object's patient;
- a save writes a change;
- deleting is refused: a patient's data is kept (Norwegian health-record rules; accounts are
  closed, not deleted), and a delete page would list the related records of patients.

Rows of clinicians (a clinician's user, their email address) are not patients' data and write
nothing. ``tests/pusterom/test_admin_audit.py`` opens every admin page of every registered
model and fails for one that shows a patient without writing the row.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote

from pusterom.audit import SAFE_METHODS, record_change, record_reads
from pusterom.models import User


class PatientDataAdmin(admin.ModelAdmin):
    patient_user: str | None = "patient__user"

    # -- which patients a set of rows belongs to ------------------------------------------------

    def patient_reads(self, pks) -> dict[int, object]:
        """Patient user id -> the id of a row of theirs, for the rows ``pks`` (one query)."""
        if not pks:
            return {}
        user_field = self.patient_user or "pk"
        role_field = f"{self.patient_user}__role" if self.patient_user else "role"
        rows = (
            self.model._default_manager.filter(pk__in=pks, **{role_field: User.Role.PATIENT})
            .values_list(user_field, "pk")
            .order_by()
        )
        return {user_id: pk for user_id, pk in rows if user_id is not None}

    def _read(self, request, object_id, suffix: str = "") -> None:
        pk = self.model._meta.pk.to_python(unquote(object_id))
        record_reads(
            request,
            reads=self.patient_reads([pk]),
            object_type=f"admin_{self.opts.model_name}{suffix}",
        )

    # -- the pages ------------------------------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl")
        if changelist is not None:
            # Evaluates the page's rows once; the template then reuses them.
            pks = [obj.pk for obj in changelist.result_list]
            record_reads(
                request,
                reads=self.patient_reads(pks),
                object_type=f"admin_{self.opts.model_name}_list",
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method in SAFE_METHODS and response.status_code == 200:
            self._read(request, object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._read(request, object_id, "_history")
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for user_id in self.patient_reads([obj.pk]):
            record_change(
                request,
                patient_user=User(pk=user_id),
                object_type=f"admin_{self.opts.model_name}",
                object_id=obj.pk,
            )

    def has_delete_permission(self, request, obj=None):
        return False
