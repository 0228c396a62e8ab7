"""Validate stage (semantic half): the rules of a service's own buckets (``buckets:``).

Codes C200-C204; ``check_buckets`` runs with the other checks.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from itertools import chain

from scaffold.blueprint import model
from scaffold.blueprint.functions import iter_functions, merged_options, option_where
from scaffold.blueprint.source_map import Path, SourceMap
from scaffold.errors import Diagnostic

KMS_KEY_ARN = re.compile(
    r"^arn:aws(-cn|-us-gov)?:kms:(?P<region>[a-z]{2}(-gov)?-[a-z]+-\d):\d{12}:"
    r"key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
"""A KMS key ARN (single- or multi-Region key). An alias is refused: IAM grants on a key
(``kms:Decrypt``) need the key's own ARN."""
_KEY_PART = re.compile(r"^[A-Za-z0-9!_.*'()/ -]*$")
# S3: objects must stay 30 days in S3 Standard before moving to Standard-IA or One Zone-IA
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html).
_IA_MIN_DAYS = 30
_IA = ("standard_ia", "onezone_ia")


def check_buckets(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Functions touch only their own service's buckets; bucket settings are ones S3 takes."""
    owner = {b: s for s, svc in bp.services.items() for b in svc.buckets}
    for sname, svc in bp.services.items():
        for use in iter_functions(sname, svc):
            opts = merged_options(svc, use)
            for field, bucket in chain((("bucket_reads", b) for b in opts.bucket_reads),
                                       (("bucket_writes", b) for b in opts.bucket_writes)):
                if bucket in svc.buckets:
                    continue
                where = option_where(sm, svc, use, field, bucket)
                if bucket in svc.uploads:
                    hint = ("upload buckets are reached through their presign and on_upload "
                            "functions; declare a bucket under `buckets` for other access")
                elif bucket in owner:
                    hint = "services own their data: publish an event instead"
                else:
                    near = difflib.get_close_matches(bucket, list(svc.buckets), n=1, cutoff=0.6)
                    hint = (f"did you mean '{near[0]}'?" if near else f"buckets of service "
                            f"'{sname}': " + (", ".join(svc.buckets) or "none"))
                other = f" of service '{owner[bucket]}'" if bucket in owner else ""
                yield Diagnostic(where, "C200", f"'{use.handler}' in service '{sname}' names "
                                 f"bucket '{bucket}'{other}, which is not one of its `buckets`",
                                 hint)
        for bucket, spec in svc.buckets.items():
            base = ("services", sname, "buckets", bucket)
            if bucket in svc.uploads:
                yield Diagnostic(sm.key(base), "C201", f"service '{sname}' declares "
                                 f"'{bucket}' under both `uploads` and `buckets`",
                                 "both become the S3 bucket <app>-<stage>-<service>-<name>: "
                                 "rename one of them")
            yield from _kms(bp, sm, base, spec)
            yield from _lifecycle(sm, base, spec)
            yield from _trigger(sm, base, spec)


def _kms(bp: model.Blueprint, sm: SourceMap, base: Path,
         spec: model.BucketSpec) -> Iterator[Diagnostic]:
    if spec.kms_key_arn is None:
        return
    match = KMS_KEY_ARN.fullmatch(spec.kms_key_arn)
    where = sm.value((*base, "kms_key_arn"))
    if match is None:
        yield Diagnostic(where, "C202", f"'{spec.kms_key_arn}' is not a KMS key ARN",
                         "write arn:aws:kms:<region>:<account-id>:key/<key-id> (not an alias: "
                         "the functions' IAM grants name the key itself)")
    elif match.group("region") != bp.region:
        yield Diagnostic(where, "C202", f"KMS key in region '{match.group('region')}', but the "
                         f"bucket lives in '{bp.region}'",
                         "S3 encrypts only with a key of the bucket's own region")


def _lifecycle(sm: SourceMap, base: Path,
               spec: model.BucketSpec) -> Iterator[Diagnostic]:
    for i, rule in enumerate(spec.lifecycle):
        path = (*base, "lifecycle", i)
        if not rule.transitions and rule.expire_days is None:
            yield Diagnostic(sm.value(path), "C203", f"lifecycle rule {i + 1} neither moves "
                             "nor expires objects", "add `transitions` or `expire_days`")
            continue
        ordered = sorted(rule.transitions.items(),
                         key=lambda item: model.STORAGE_CLASSES.index(item[0]))
        previous: tuple[str, int] | None = None
        for cls, days in ordered:
            where = sm.value((*path, "transitions", cls))
            if cls in _IA and days < _IA_MIN_DAYS:
                yield Diagnostic(where, "C203", f"lifecycle rule {i + 1}: '{cls}' after {days} "
                                 f"days; S3 moves objects to it after {_IA_MIN_DAYS} days at "
                                 "the earliest", f"set {_IA_MIN_DAYS} or more")
            elif previous is not None and days <= previous[1]:
                yield Diagnostic(where, "C203", f"lifecycle rule {i + 1}: '{cls}' after {days} "
                                 f"days, not later than '{previous[0]}' ({previous[1]} days)",
                                 "objects only move to colder classes ("
                                 + " -> ".join(model.STORAGE_CLASSES)
                                 + "), each one later than the one before")
            previous = (cls, days)
        if previous is not None and rule.expire_days is not None \
                and rule.expire_days <= previous[1]:
            yield Diagnostic(sm.value((*path, "expire_days")), "C203",
                             f"lifecycle rule {i + 1} expires objects after {rule.expire_days} "
                             f"days, before they move to '{previous[0]}' ({previous[1]} days)",
                             "expire after the last transition, or drop that transition")
        if not _KEY_PART.fullmatch(rule.prefix) or len(rule.prefix) > 1024:
            yield Diagnostic(sm.value((*path, "prefix")), "C204", f"'{rule.prefix}' is not a "
                             "key prefix", "letters, digits and ! _ . * ' ( ) / - or spaces, at "
                             "most 1024 characters")


def _trigger(sm: SourceMap, base: Path,
             spec: model.BucketSpec) -> Iterator[Diagnostic]:
    trigger = spec.on_object
    if trigger is None:
        return
    for field in ("prefix", "suffix"):
        value = getattr(trigger, field)
        if not _KEY_PART.fullmatch(value) or len(value) > 1024:
            yield Diagnostic(sm.value((*base, "on_object", field)), "C204",
                             f"'{value}' is not a key {field}", "letters, digits and "
                             "! _ . * ' ( ) / - or spaces, at most 1024 characters")
    twice = sorted({e for e in trigger.events if trigger.events.count(e) > 1})
    if twice:
        yield Diagnostic(sm.value((*base, "on_object", "events")), "C204",
                         f"event '{twice[0]}' is listed twice", "list created and removed at "
                         "most once each")
