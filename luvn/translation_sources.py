"""Which Swedish content texts are outdated: recording the Finnish each was saved against.

Every field registered with modeltranslation (``<app>/translation.py``) is followed. Whenever
the Swedish text of a field changes, by any route that saves the object (the admin, the rating
form, the spreadsheet upload, the demo-data loader, the translation import), a
``TranslationSource`` row records the Finnish text of that moment. The Swedish text is
*outdated* when the current Finnish differs from it. Nothing is stored as a flag: a Finnish
edit alone makes the Swedish outdated, a Swedish edit makes it current again.

A Swedish text saved before this recording existed has no row; the first Finnish edit after
that records the Finnish it replaced, so such a text becomes outdated too.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from modeltranslation.translator import translator

from luvn.models import TranslationSource

SOURCE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE  # "fi"
TARGET = "sv"
OUTDATED_ATTRIBUTE = "_sv_outdated"  # set by translation_outdated_mark, read by the tr tag

_PENDING = "_translation_source_changes"


def translated_models() -> list[type[models.Model]]:
    """The concrete models with fields registered with modeltranslation."""
    return [m for m in translator.get_registered_models(abstract=False) if not m._meta.proxy]


def translated_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The model's translated fields (without language suffix), in registration order."""
    return tuple(translator.get_options_for_model(model).fields)


def column(field: str, language: str) -> str:
    return f"{field}_{language}"


# Writes: kept in step by signals -------------------------------------------------------------


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:  # loaddata / restore_data: the recorded rows come with the data
        return
    fields = translated_fields(sender)
    if update_fields is not None:
        fields = tuple(
            f for f in fields if {f, column(f, SOURCE), column(f, TARGET)} & set(update_fields)
        )
    if not fields:
        return
    old = {}
    if instance.pk is not None and not instance._state.adding:
        columns = [column(f, lang) for f in fields for lang in (SOURCE, TARGET)]
        old = sender._base_manager.filter(pk=instance.pk).values(*columns).first() or {}
    changes = []
    for field in fields:
        new_fi = getattr(instance, column(field, SOURCE)) or ""
        new_sv = getattr(instance, column(field, TARGET)) or ""
        old_fi = old.get(column(field, SOURCE)) or ""
        old_sv = old.get(column(field, TARGET)) or ""
        if not new_sv:
            if old_sv:
                changes.append(("delete", field, ""))
        elif new_sv != old_sv:
            changes.append(("set", field, new_fi))
        elif new_fi != old_fi:
            # The Swedish stays as it was: it was written against the old Finnish (or earlier).
            changes.append(("keep", field, old_fi))
    if changes:
        instance.__dict__[_PENDING] = changes


def _after_save(sender, instance, raw=False, **kwargs) -> None:
    changes = instance.__dict__.pop(_PENDING, None)
    if not changes:
        return
    content_type = ContentType.objects.get_for_model(sender)
    rows = TranslationSource.objects.filter(content_type=content_type, object_id=instance.pk)
    for action, field, source_text in changes:
        if action == "delete":
            rows.filter(field=field).delete()
        elif action == "set":
            TranslationSource.objects.update_or_create(
                content_type=content_type,
                object_id=instance.pk,
                field=field,
                defaults={"source_text": source_text, "saved_at": timezone.now()},
            )
        else:
            TranslationSource.objects.get_or_create(
                content_type=content_type,
                object_id=instance.pk,
                field=field,
                defaults={"source_text": source_text, "saved_at": timezone.now()},
            )


def _after_delete(sender, instance, **kwargs) -> None:
    TranslationSource.objects.filter(
        content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
    ).delete()


def source_confirm(*, obj: models.Model, field: str) -> None:
    """Record that ``obj``'s Swedish ``field`` was checked against its current Finnish."""
    if not getattr(obj, column(field, TARGET), ""):
        return
    TranslationSource.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(type(obj)._meta.concrete_model),
        object_id=obj.pk,
        field=field,
        defaults={
            "source_text": getattr(obj, column(field, SOURCE)) or "",
            "saved_at": timezone.now(),
        },
    )


def connect_signals() -> None:
    """Follow every translated model (called from ``LuvnConfig.ready``)."""
    for model in translated_models():
        uid = f"translation_sources.{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"{uid}.pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}.delete")


# Reads ------------------------------------------------------------------------------------------


def is_outdated(*, finnish: str, swedish: str, source_text: str | None) -> bool:
    """The rule: a Swedish text saved against a Finnish text that is no longer the current one."""
    return bool(swedish) and source_text is not None and source_text != (finnish or "")


def translation_sources_for(*, objects: Iterable[models.Model]) -> dict[tuple[str, int, str], str]:
    """The recorded Finnish source texts of the objects' fields, keyed (model label, pk, field).

    One query, however many objects of however many models (content types joined, not looked
    up one by one).
    """
    by_model = defaultdict(set)
    for obj in objects:
        if obj is not None and obj.pk is not None:
            by_model[type(obj)._meta.concrete_model].add(obj.pk)
    if not by_model:
        return {}
    condition = models.Q()
    for model, pks in by_model.items():
        condition |= models.Q(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id__in=pks,
        )
    rows = TranslationSource.objects.filter(condition).values_list(
        "content_type__app_label", "content_type__model", "object_id", "field", "source_text"
    )
    return {
        (f"{app_label}.{model_name}", object_id, field): source_text
        for app_label, model_name, object_id, field, source_text in rows
    }


def translation_outdated_mark(*, objects: Iterable[models.Model]) -> list[models.Model]:
    """Mark each object with the set of its fields whose Swedish text is outdated.

    Sets ``obj._sv_outdated`` (a frozenset of field names) which the ``tr`` tag and the rating
    form read; one query, however many objects, and none when none has Swedish text. Returns
    the objects.
    """
    objects = [obj for obj in objects if obj is not None]
    registered = set(translated_models())

    def has_swedish(obj) -> bool:
        model = type(obj)._meta.concrete_model
        return model in registered and any(
            getattr(obj, column(field, TARGET), "") for field in translated_fields(model)
        )

    # Only a Swedish text can be outdated: objects without one need no query.
    asked = [obj for obj in objects if has_swedish(obj)]
    sources = translation_sources_for(objects=asked) if asked else {}
    for obj in objects:
        model = type(obj)._meta.concrete_model
        if model not in registered:
            continue
        outdated = set()
        for field in translated_fields(model):
            if is_outdated(
                finnish=getattr(obj, column(field, SOURCE), ""),
                swedish=getattr(obj, column(field, TARGET), ""),
                source_text=sources.get((model._meta.label_lower, obj.pk, field)),
            ):
                outdated.add(field)
        obj.__dict__[OUTDATED_ATTRIBUTE] = frozenset(outdated)
    return objects


def outdated_fields(obj) -> frozenset[str]:
    """The fields ``translation_outdated_mark`` found outdated on ``obj`` (empty if unmarked)."""
    return getattr(obj, OUTDATED_ATTRIBUTE, frozenset())
