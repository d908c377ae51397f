"""The intermediate page of an admin action (a form or a confirmation posted back to the action),
shared by every app's admin."""

from django.contrib import admin
from django.shortcuts import render

ACTION_TEMPLATE = "municipalities/admin/action_form.html"


def action_page(modeladmin, request, *, title, form=None, intro="", rows=()):
    """The action's page: its title, an introduction, rows to confirm, and a form (or none)."""
    return render(
        request,
        ACTION_TEMPLATE,
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "title": title,
            "intro": intro,
            "rows": rows,
            "form": form,
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        },
    )
