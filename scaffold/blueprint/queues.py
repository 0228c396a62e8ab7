"""Validate stage: the rules of work queues (SQS), and the visibility timeout they derive.

AWS facts these rules encode (Lambda developer guide, "Lambda parameters for Amazon SQS
event source mappings" and "Using Lambda with Amazon SQS"): a FIFO queue takes batches of
at most 10 and no batching window; a standard queue takes more than 10 only with a
batching window of at least 1 s; the queue's visibility timeout should be at least six
times the function's timeout plus the batching window; SQS queue names have at most 80
characters, ``.fifo`` included.
"""

from __future__ import annotations

from collections.abc import Iterator

from scaffold.blueprint import model, physical
from scaffold.blueprint.functions import iter_functions, merged_options
from scaffold.blueprint.source_map import SourceMap
from scaffold.errors import Diagnostic

SQS_NAME_MAX = 80
FIFO_SUFFIX = ".fifo"
DEAD_LETTER_SUFFIX = "-dlq"
FIFO_BATCH_MAX = 10
UNWINDOWED_BATCH_MAX = 10
VISIBILITY_FACTOR = 6


def min_visibility_timeout(timeout: int, batching_window: int) -> int:
    """What AWS recommends for a queue a function consumes: 6x its timeout plus the window."""
    return VISIBILITY_FACTOR * timeout + batching_window


def consumer_timeouts(bp: model.Blueprint, name: str, queue: str) -> dict[str, int]:
    """The consumer's timeout in each stage: function -> service -> stage -> defaults."""
    svc = bp.services[name]
    use = next(u for u in iter_functions(name, svc) if u.trigger == "queue" and u.key == queue)
    own = merged_options(svc, use).timeout
    return {stage: next(t for t in (own, svc.timeout, spec.timeout, bp.defaults.timeout,
                                    model.DEFAULT_TIMEOUT) if t is not None)
            for stage, spec in bp.stages.items()}


def check_queues(bp: model.Blueprint, sm: SourceMap) -> Iterator[Diagnostic]:
    """Queue names fit SQS, batches fit the queue type, visibility outlasts the consumer."""
    longest_stage = max(bp.stages, key=len)
    for sname, svc in bp.services.items():
        for qname, q in svc.queues.items():
            base = ("services", sname, "queues", qname)
            full = (f"{physical.prefix(bp.name, longest_stage)}-{physical.resource(sname, qname)}"
                    + DEAD_LETTER_SUFFIX
                    + (FIFO_SUFFIX if q.fifo else ""))
            taken = (physical.dead_letters(sname) if qname == "dead-letters" else
                     qname if qname.endswith(DEAD_LETTER_SUFFIX)
                     and qname.removesuffix(DEAD_LETTER_SUFFIX) in svc.queues else None)
            if taken is not None:
                yield Diagnostic(sm.key(base), "C196",
                                 f"queue '{qname}' takes the name of a queue scaffold creates "
                                 + ("for the service's failed events (dead letters)"
                                    if qname == "dead-letters" else
                                    f"as the dead-letter queue of '{taken[:-4]}'"),
                                 "rename the queue, e.g. 'retries'")
            if len(full) > SQS_NAME_MAX:
                yield Diagnostic(sm.key(base), "C191",
                                 f"dead-letter queue name '{full}' is {len(full)} characters; "
                                 f"SQS allows {SQS_NAME_MAX}",
                                 "shorten the app, stage, service or queue name")
            consumer = q.consumer
            where = (*base, "consumer")
            if q.fifo and consumer.batch_size > FIFO_BATCH_MAX:
                yield Diagnostic(sm.value((*where, "batch_size")), "C193",
                                 f"FIFO queue '{qname}' takes batches of at most "
                                 f"{FIFO_BATCH_MAX}, not {consumer.batch_size}",
                                 f"set batch_size to {FIFO_BATCH_MAX} or less, or make the "
                                 "queue standard (fifo: false)")
            if q.fifo and consumer.batching_window_seconds:
                yield Diagnostic(sm.value((*where, "batching_window_seconds")), "C193",
                                 f"FIFO queue '{qname}' cannot have a batching window",
                                 "remove batching_window_seconds (Lambda does not support it "
                                 "for FIFO queues)")
            if (not q.fifo and consumer.batch_size > UNWINDOWED_BATCH_MAX
                    and not consumer.batching_window_seconds):
                yield Diagnostic(sm.value((*where, "batch_size")), "C192",
                                 f"queue '{qname}': a batch size of {consumer.batch_size} needs "
                                 "a batching window",
                                 "set batching_window_seconds to 1 or more, or batch_size to "
                                 f"{UNWINDOWED_BATCH_MAX} or less")
            if q.content_based_deduplication and not q.fifo:
                yield Diagnostic(sm.value((*base, "content_based_deduplication")), "C195",
                                 f"queue '{qname}' is not FIFO: content-based deduplication "
                                 "applies to FIFO queues only", "add `fifo: true` or remove it")
            if q.visibility_timeout is not None:
                timeouts = consumer_timeouts(bp, sname, qname)
                stage, timeout = max(timeouts.items(), key=lambda kv: kv[1])
                needed = min_visibility_timeout(timeout, consumer.batching_window_seconds)
                if q.visibility_timeout < needed:
                    yield Diagnostic(sm.value((*base, "visibility_timeout")), "C194",
                                     f"queue '{qname}' hides a message for "
                                     f"{q.visibility_timeout} s, but its consumer "
                                     f"'{consumer.handler}' may run {timeout} s (stage "
                                     f"'{stage}'): AWS recommends at least {needed} s (6x the "
                                     "timeout plus the batching window)",
                                     f"set visibility_timeout to {needed} or more, or leave it "
                                     "out to derive it")
