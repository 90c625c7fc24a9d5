#!/usr/bin/env python3
"""Deterministic generator for the rightsize sample exports.

Writes three realistic cases under samples/ (see samples/README.md):

  airflow/   an Airflow KubernetesExecutor task OOM-killed five nights in a row
  marathon/  a leaking DC/OS Marathon app killed by its Mesos cgroup limit
  services/  a healthy deployment and an over-provisioned one, seven days

Python 3 standard library only, no network.  Every case draws from its own
random.Random seeded with a fixed string, so the output is byte-identical on
every run and changing one case does not change the others.

All hosts, pods, pids, uuids and values are invented.  Only fixed format
strings (log message templates, CSV layouts) follow the real tools.

Usage:  python3 samples/generate.py [--check] [--facts]
        --check  regenerate into memory and compare with the files on disk
        --facts  also print the numbers built into the files (peaks, kill times)
"""

import datetime as dt
import decimal
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
Mi = 1048576
Gi = 1073741824
PAGE = 4096
UTC = dt.timezone.utc

OUTPUT = {}          # relative path -> bytes, filled by the case functions
FACTS = {}           # numbers built into the files, printed at the end


# ----------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------

def utc(y, mo, d, h=0, mi=0, s=0, us=0):
    return dt.datetime(y, mo, d, h, mi, s, us, tzinfo=UTC)


def epoch_ms(t):
    return int(round(t.timestamp() * 1000))


def floor_to(t, seconds):
    e = int(t.timestamp())  # floor for positive times
    return dt.datetime.fromtimestamp(e - e % seconds, tz=UTC)


def page_floor(v):
    return int(v) // PAGE * PAGE


def emit(rel, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    OUTPUT[rel] = data


def go_g(v):
    """strconv.FormatFloat(v, 'g', -1, 64), as Prometheus prints samples."""
    v = float(v)
    if v == 0:
        return "0"
    if v != v:
        return "NaN"
    sign = "-" if v < 0 else ""
    d = decimal.Decimal(repr(abs(v)))
    _, digits, exp = d.as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exp += 1
    x = exp + len(digits) - 1          # decimal exponent of the first digit
    ds = "".join(str(c) for c in digits)
    if x < -4 or x >= 6:               # shortest => eprec 6
        mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
        return "%s%se%s%02d" % (sign, mant, "-" if x < 0 else "+", abs(x))
    # %f style, shortest digits
    if x >= len(ds) - 1:
        return sign + ds + "0" * (x - len(ds) + 1)
    if x >= 0:
        return sign + ds[:x + 1] + "." + ds[x + 1:]
    return sign + "0." + "0" * (-x - 1) + ds


def js_number(v):
    """String(v) for the numbers we need (integers and short decimals)."""
    if float(v).is_integer():
        return str(int(v))
    return repr(float(v))


def grafana_cell(s):
    if s is None:
        return ""
    if '"' in s:
        return '"' + s.replace('"', '""') + '"'
    if "\n" in s or "," in s:
        return '"' + s + '"'
    return s


def grafana_csv(header, rows, excel=False):
    """Grafana 10/11 toCSV(): header cells always quoted, CRLF between
    rows, no newline after the last row; useExcelHeader adds a UTF-8 BOM
    and a 'sep=,' line."""
    nl = "\r\n"
    text = ("sep=," + nl) if excel else ""
    text += ",".join('"' + h.replace('"', '""') + '"' for h in header)
    for r in rows:
        text += nl + ",".join(grafana_cell(c) for c in r)
    data = text.encode("utf-8")
    if excel:
        data = b"\xef\xbb\xbf" + data
    return data


def go_csv_field(s):
    """encoding/csv Writer.fieldNeedsQuotes + quoting."""
    if s == "":
        return s
    if s == r"\." or any(c in s for c in ',"\r\n') or s[0] in " \t":
        return '"' + s.replace('"', '""') + '"'
    return s


def promql_cli_csv(series, rfc3339):
    """nalbury/promql-cli --output csv for a range query: header = sorted
    union of label names + value,timestamp; one row per sample, series in
    the order Prometheus returns them (sorted by label set), LF endings."""
    names = sorted({k for labels, _ in series for k in labels})
    out = [",".join(names + ["value", "timestamp"])]
    for labels, samples in series:
        for t, v in samples:
            row = [labels.get(k, "") for k in names] + [v, rfc3339(t)]
            out.append(",".join(go_csv_field(c) for c in row))
    return "\n".join(out) + "\n"


def prom_sort_key(labels):
    """Prometheus labels.Compare order: label pairs sorted by name, compared
    name by name then value by value."""
    return [(k, labels[k]) for k in sorted(labels)]


def go_q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def prom_display_name(metric, labels):
    """Grafana Prometheus backend name when legendFormat is empty:
    metric{k="v", ...} with Go %q values, keys sorted, __name__ excluded."""
    inner = ", ".join("%s=%s" % (k, go_q(labels[k])) for k in sorted(labels))
    return "%s{%s}" % (metric, inner)


def format_labels(labels):
    """Grafana frontend formatLabels(): keys sorted, values NOT escaped."""
    inner = ", ".join('%s="%s"' % (k, labels[k]) for k in sorted(labels))
    return "{%s}" % inner


# Grafana bytes(IEC) formatting (valueFormats.ts toFixed/scaledUnits) -------

def _js_round(x):
    return math.floor(x + 0.5)


def _decimals_for(value):
    a = abs(value)
    log10 = math.floor(math.log(a) / math.log(10))
    dec = -log10 + 1
    magn = 10.0 ** (-dec)
    norm = a / magn
    if norm > 2.25:
        dec += 1
    if value % 1 == 0:
        dec = 0
    return max(0, dec)


def _to_fixed(value):
    decimals = _decimals_for(value) if value != 0 else 0
    if value == 0:
        return "0"
    factor = 10 ** max(0, decimals) if decimals else 1
    formatted = js_number(_js_round(value * factor) / factor)
    dp = formatted.find(".")
    precision = 0 if dp == -1 else len(formatted) - dp - 1
    if precision < decimals:
        return (formatted if precision else formatted + ".") + \
            str(factor)[1:decimals - precision + 1]
    return formatted


def grafana_bytes_iec(v):
    units = [" B", " KiB", " MiB", " GiB", " TiB"]
    if v == 0:
        return "0 B"
    idx = int(math.floor(math.log(abs(v)) / math.log(1024)))
    idx = max(0, min(idx, len(units) - 1))
    return _to_fixed(v / 1024.0 ** idx) + units[idx]


def parse_iec(s):
    num, unit = s.split(" ")
    mult = {"B": 1, "KiB": 1024, "MiB": Mi, "GiB": Gi}[unit]
    return float(num) * mult


# ----------------------------------------------------------------------------
# Case 1: Airflow task OOM-killed five nights in a row
# ----------------------------------------------------------------------------

def case_airflow():
    rng = random.Random("rightsize/airflow/v1")
    alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
    request, limit = 4000 * Mi, 8000 * Mi
    cluster, ns, container = "prod-eu", "airflow", "base"
    dag_id, task_id = "nightly_etl", "load_facts"

    # per night: (kill time h:m:s.ms, minute the series passes 4000Mi, peak)
    plan = [
        ((2, 58, 7, 613), 68, 6328 * Mi + 73 * PAGE),
        ((2, 46, 41, 208), 63, 6369 * Mi + 41 * PAGE),
        ((3, 12, 55, 914), 77, 6277 * Mi + 198 * PAGE),
        ((2, 41, 38, 402), 61, 6398 * Mi + 12 * PAGE),
        ((3, 5, 21, 736), 72, 6305 * Mi + 160 * PAGE),
    ]
    nights = []
    sched_job_id = 87001
    lt_job_id = 91214
    for i, (kt, cross_min, peak) in enumerate(plan):
        day = 10 + i
        start = utc(2026, 11, day, 1, 0, 0)
        kill = utc(2026, 11, day, kt[0], kt[1], kt[2], kt[3] * 1000)
        pod = "nightly-etl-load-facts-" + "".join(rng.choice(alnum) for _ in range(8))
        times, values = airflow_series(rng, start, kill, cross_min, peak)
        nights.append(dict(day=day, start=start, kill=kill, pod=pod,
                           times=times, values=values, peak=peak,
                           cross_min=cross_min, lt_job_id=lt_job_id + i * 1387 + rng.randint(0, 90)))

    # ---- memory-working-set.csv (Grafana raw, joined by time) -------------
    # Prometheus returns series sorted by labels, so the columns come out in
    # pod-name order, not in night order.
    cols = sorted(nights, key=lambda n: n["pod"])
    header = ["Time"]
    for n in cols:
        header.append(prom_display_name("container_memory_working_set_bytes", {
            "cluster": cluster, "container": container, "dag_id": dag_id,
            "namespace": ns, "pod": n["pod"], "task_id": task_id}))
    rows = {}
    for ci, n in enumerate(cols):
        for t, v in zip(n["times"], n["values"]):
            rows.setdefault(epoch_ms(t), [""] * len(cols))[ci] = str(v)
    out = [[str(k)] + rows[k] for k in sorted(rows)]
    emit("airflow/memory-working-set.csv", grafana_csv(header, out))

    # ---- kube-state-metrics.csv --------------------------------------------
    header = ["Time"]
    for metric in ("kube_pod_container_resource_requests", "kube_pod_container_resource_limits"):
        for n in cols:
            header.append(prom_display_name(metric, {
                "cluster": cluster, "container": container, "namespace": ns,
                "pod": n["pod"], "resource": "memory", "unit": "byte"}))
    rows = {}
    for n in nights:
        # pod object exists from ~01:00:00.6 until the executor deletes it ~2-4 s
        # after the OOM kill (delete_worker_pods_on_failure = True)
        n["created"] = n["start"] + dt.timedelta(milliseconds=rng.randint(480, 760))
        n["failed_at"] = n["kill"] + dt.timedelta(milliseconds=rng.randint(1300, 2900),
                                                  microseconds=rng.randint(0, 999))
        n["deleted"] = n["failed_at"] + dt.timedelta(milliseconds=rng.randint(450, 1150),
                                                     microseconds=rng.randint(0, 999))
        ci = cols.index(n)
        t = floor_to(n["created"], 60) + dt.timedelta(seconds=60)
        while t <= n["deleted"]:
            r = rows.setdefault(epoch_ms(t), [""] * (2 * len(cols)))
            r[ci] = js_number(request)
            r[len(cols) + ci] = js_number(limit)
            t += dt.timedelta(seconds=60)
        n["ksm_first"] = floor_to(n["created"], 60) + dt.timedelta(seconds=60)
        n["ksm_last"] = t - dt.timedelta(seconds=60)
    out = [[str(k)] + rows[k] for k in sorted(rows)]
    emit("airflow/kube-state-metrics.csv", grafana_csv(header, out))

    # ---- scheduler.log -----------------------------------------------------
    emit("airflow/scheduler.log", airflow_scheduler_log(rng, nights, sched_job_id))

    FACTS["airflow"] = dict(request=request, limit=limit, nights=[
        dict(pod=n["pod"], first=n["times"][0], last=n["times"][-1], kill=n["kill"],
             peak=n["peak"], samples=len(n["times"]),
             crossed=next(t for t, v in zip(n["times"], n["values"]) if v > request),
             ksm_first=n["ksm_first"], ksm_last=n["ksm_last"], failed_at=n["failed_at"])
        for n in nights])


def airflow_series(rng, start, kill, cross_min, peak):
    """Working set every 30 s from start+30s to the last step before the
    kill: ~300Mi, noisy climb with plateaus, passes 4000Mi at cross_min,
    ends at exactly `peak` on the last sample."""
    last = floor_to(kill, 30)
    times = []
    t = start + dt.timedelta(seconds=30)
    while t <= last:
        times.append(t)
        t += dt.timedelta(seconds=30)
    n = len(times)
    ic = next(i for i, t in enumerate(times) if (t - start).total_seconds() >= cross_min * 60)

    def increments(k, plateaus):
        # slowly varying growth rate * gamma noise, with near-flat stretches
        phase = rng.uniform(0, 2 * math.pi)
        w = []
        for j in range(k):
            rate = 1.0 + 0.45 * math.sin(phase + j / 23.0)
            w.append(rate * rng.gammavariate(2.2, 1.0))
        for a, length in plateaus:
            for j in range(a, min(k, a + length)):
                w[j] *= 0.02
        s = sum(w)
        return [x / s for x in w]

    v0 = 300 * Mi + rng.randint(-6, 14) * Mi
    at_cross = 4000 * Mi + rng.randint(4, 9) * Mi
    pa = [(rng.randint(18, 40), rng.randint(13, 22)), (rng.randint(70, ic - 30), rng.randint(10, 18))]
    pb = [(rng.randint(8, max(9, (n - ic) // 2)), rng.randint(9, 15))]
    base = [float(v0)]
    for f in increments(ic, pa):
        base.append(base[-1] + f * (at_cross - v0))
    for f in increments(n - 1 - ic, pb):
        base.append(base[-1] + f * (peak - at_cross))
    assert len(base) == n

    vals = []
    for i, b in enumerate(base):
        if i == n - 1:
            vals.append(peak)
            continue
        v = b + rng.gauss(0, 4.5 * Mi)
        if rng.random() < 0.035 and i > 4:       # short GC / spill dip
            v -= rng.uniform(18, 55) * Mi
        v = min(v, peak - rng.uniform(4, 12) * Mi)
        vals.append(page_floor(v))
    # keep the 4000Mi crossing where the plan says (+-1 sample)
    first = next(i for i, v in enumerate(vals) if v > 4000 * Mi)
    assert abs(first - ic) <= 2, (first, ic)
    assert max(vals) == peak and vals[-1] == peak
    return times, vals


def airflow_scheduler_log(rng, nights, sched_job_id):
    lines = []

    def log(t, src, level, msg):
        lines.append((t, "[%s.%03d+0000] {%s} %s - %s" % (
            t.strftime("%Y-%m-%dT%H:%M:%S"), t.microsecond // 1000, src, level, msg)))

    def ms(t, a, b):
        return t + dt.timedelta(milliseconds=rng.randint(a, b), microseconds=rng.randint(0, 999))

    dag_id, task_id, ns = "nightly_etl", "load_facts", "airflow"
    executor = "KubernetesExecutor(parallelism=32)"
    for n in nights:
        logical = n["start"] - dt.timedelta(days=1)
        run_id = "scheduled__%s" % logical.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        key = ("TaskInstanceKey(dag_id='%s', task_id='%s', run_id='%s', try_number=1, map_index=-1)"
               % (dag_id, task_id, run_id))
        ti = lambda state: "<TaskInstance: %s.%s %s [%s]>" % (dag_id, task_id, run_id, state)
        pod = n["pod"]

        # a few routine lines before the run
        t = n["start"] - dt.timedelta(minutes=rng.randint(3, 4), milliseconds=rng.randint(0, 999))
        log(t, "scheduler_job_runner.py:1608", "INFO", "Adopting or resetting orphaned tasks for active dag runs")

        queued_at = ms(n["start"], 40, 95)
        t = queued_at
        log(t, "dag.py:4129", "INFO", "Setting next_dagrun for %s to %s, run_after=%s" % (
            dag_id, n["start"].strftime("%Y-%m-%d %H:%M:%S+00:00"),
            (n["start"] + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S+00:00")))
        run_start = ms(t, 40, 80)
        t = ms(run_start, 60, 120)
        log(t, "scheduler_job_runner.py:423", "INFO", "1 tasks up for execution:\n\t%s" % ti("scheduled"))
        t = ms(t, 1, 3)
        log(t, "scheduler_job_runner.py:495", "INFO", "DAG %s has 0/16 running and queued tasks" % dag_id)
        t = ms(t, 2, 6)
        log(t, "scheduler_job_runner.py:634", "INFO", "Setting the following tasks to queued state:\n\t%s" % ti("scheduled"))
        queued_dttm = ms(t, 3, 9)
        t = ms(queued_dttm, 2, 5)
        log(t, "scheduler_job_runner.py:736", "INFO", "Trying to enqueue tasks: [%s] for executor: %s" % (ti("scheduled"), executor))
        t = ms(t, 1, 4)
        cmd = ("['airflow', 'tasks', 'run', '%s', '%s', '%s', '--local', '--subdir', 'DAGS_FOLDER/nightly_etl.py']"
               % (dag_id, task_id, run_id))
        log(t, "kubernetes_executor.py:326", "INFO", "Add task %s with command %s" % (key, cmd))
        t = ms(t, 20, 60)
        log(t, "scheduler_job_runner.py:764", "INFO", "Received executor event with state queued for task instance %s" % key)
        t = ms(t, 3, 9)
        log(t, "scheduler_job_runner.py:792", "INFO", "Setting external_id for %s to %d" % (ti("queued"), sched_job_id))
        t = max(t, n["created"] - dt.timedelta(milliseconds=rng.randint(60, 140)))
        log(t, "kubernetes_executor_utils.py:425", "INFO",
            "Creating kubernetes pod for job is %s, with pod name %s, annotations: <omitted>" % (key, pod))
        t = ms(n["created"], 30, 90)
        log(t, "kubernetes_executor_utils.py:286", "INFO", "Event: %s Pending, annotations: <omitted>" % pod)
        t = ms(t, 1800, 3200)
        log(t, "kubernetes_executor_utils.py:286", "INFO", "Event: %s Pending, annotations: <omitted>" % pod)
        running = ms(t, 5200, 8800)
        log(running, "kubernetes_executor_utils.py:309", "INFO", "Event: %s is Running, annotations: <omitted>" % pod)
        ti_start = ms(running, 3500, 6200)

        # periodic scheduler housekeeping while the task runs
        t = n["start"] + dt.timedelta(minutes=1, seconds=rng.randint(10, 50), milliseconds=rng.randint(0, 999))
        while t < n["kill"]:
            log(t, "scheduler_job_runner.py:1608", "INFO", "Adopting or resetting orphaned tasks for active dag runs")
            t += dt.timedelta(seconds=300, milliseconds=rng.randint(-40, 120))

        # the OOM kill and its aftermath
        failed = n["failed_at"]
        rv = str(48000000 + rng.randint(0, 9999999))
        log(failed, "kubernetes_executor_utils.py:297", "ERROR", "Event: %s Failed, annotations: <omitted>" % pod)
        t = n["deleted"] - dt.timedelta(milliseconds=rng.randint(30, 70), microseconds=rng.randint(0, 999))
        details = ("{'pod_status': 'Failed', 'pod_reason': None, 'pod_message': None, "
                   "'container_state': 'terminated', 'container_reason': 'OOMKilled', "
                   "'container_message': None, 'exit_code': 137, 'container_type': 'main', "
                   "'container_name': 'base'}")
        log(t, "kubernetes_executor.py:371", "INFO",
            "Changing state of KubernetesResults(key=%s, state=<TaskInstanceState.FAILED: 'failed'>, "
            "pod_name='%s', namespace='%s', resource_version='%s', failure_details=%s) to failed"
            % (key, pod, ns, rv, details))
        t = ms(t, 1, 3)
        log(t, "kubernetes_executor.py:466", "WARNING",
            "Task %s.%s.1 failed in pod %s/%s. Pod phase: Failed, reason: None, message: None, "
            "container_type: main, container_name: base, container_state: terminated, "
            "container_reason: OOMKilled, container_message: None, exit_code: 137"
            % (dag_id, task_id, ns, pod))
        t = n["deleted"]
        log(t, "kubernetes_executor.py:514", "INFO",
            "Deleted pod associated with the TI %s. Pod name: %s. Namespace: %s" % (key, pod, ns))
        t = ms(t, 3, 12)
        log(t, "scheduler_job_runner.py:764", "INFO", "Received executor event with state failed for task instance %s" % key)
        t = ms(t, 4, 11)
        log(t, "scheduler_job_runner.py:801", "INFO",
            "TaskInstance Finished: dag_id=%s, task_id=%s, run_id=%s, map_index=-1, "
            "run_start_date=%s, run_end_date=None, run_duration=None, state=running, executor=%s, "
            "executor_state=failed, try_number=1, max_tries=0, job_id=%d, pool=default_pool, "
            "queue=kubernetes, priority_weight=1, operator=PythonOperator, queued_dttm=%s, "
            "queued_by_job_id=%d, pid=%d"
            % (dag_id, task_id, run_id, ti_start.isoformat(sep=" "), executor, n["lt_job_id"],
               queued_dttm.isoformat(sep=" "), sched_job_id, 14 + rng.randint(0, 9)))
        t = ms(t, 2, 6)
        log(t, "scheduler_job_runner.py:850", "ERROR",
            "Executor %s reported that the task instance %s finished with state failed, but the task "
            "instance's state attribute is running. Learn more: "
            "https://airflow.apache.org/docs/apache-airflow/stable/troubleshooting.html#task-state-changed-externally"
            % (executor, ti("running")))
        t = ms(t, 8, 25)
        log(t, "taskinstance.py:1225", "INFO",
            "Marking task as FAILED. dag_id=%s, task_id=%s, run_id=%s, execution_date=%s, "
            "start_date=%s, end_date=%s"
            % (dag_id, task_id, run_id, logical.strftime("%Y%m%dT%H%M%S"),
               ti_start.strftime("%Y%m%dT%H%M%S"), t.strftime("%Y%m%dT%H%M%S")))
        t = ms(t, 600, 1400)
        log(t, "dagrun.py:823", "ERROR",
            "Marking run <DagRun %s @ %s: %s, state:running, queued_at: %s. externally triggered: False> failed"
            % (dag_id, logical.strftime("%Y-%m-%d %H:%M:%S+00:00"), run_id, queued_at.isoformat(sep=" ")))
        t = ms(t, 1, 4)
        log(t, "dagrun.py:905", "INFO",
            "DagRun Finished: dag_id=%s, execution_date=%s, run_id=%s, run_start_date=%s, run_end_date=%s, "
            "run_duration=%.6f, state=failed, external_trigger=False, run_type=scheduled, "
            "data_interval_start=%s, data_interval_end=%s, dag_hash=%s"
            % (dag_id, logical.strftime("%Y-%m-%d %H:%M:%S+00:00"), run_id, run_start.isoformat(sep=" "),
               t.isoformat(sep=" "), (t - run_start).total_seconds(),
               logical.strftime("%Y-%m-%d %H:%M:%S+00:00"), n["start"].strftime("%Y-%m-%d %H:%M:%S+00:00"),
               "3f9c51d07be24a8e1c6d92b4a0e57f13"))
        t = n["kill"] + dt.timedelta(minutes=rng.randint(2, 4), milliseconds=rng.randint(0, 999))
        log(t, "scheduler_job_runner.py:1608", "INFO", "Adopting or resetting orphaned tasks for active dag runs")

    lines.sort(key=lambda x: x[0])
    return "\n".join(l for _, l in lines) + "\n"


# ----------------------------------------------------------------------------
# Case 2: leaking DC/OS Marathon app
# ----------------------------------------------------------------------------

UUID_EPOCH_OFFSET = 0x01B21DD213814000    # 1582-10-15 -> 1970-01-01 in 100 ns


def uuid1_at(t, clock_seq, node):
    ts = int(round(t.timestamp() * 10_000_000)) + UUID_EPOCH_OFFSET
    time_low = ts & 0xFFFFFFFF
    time_mid = (ts >> 32) & 0xFFFF
    time_hi = ((ts >> 48) & 0x0FFF) | 0x1000
    cs = 0x8000 | (clock_seq & 0x3FFF)
    return "%08x-%04x-%04x-%04x-%012x" % (time_low, time_mid, time_hi, cs, node)


def uuid4(rng):
    b = bytearray(rng.getrandbits(8) for _ in range(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def syslog_ts(t):
    return t.strftime("%b ") + ("%2d" % t.day) + t.strftime(" %H:%M:%S")


def case_marathon():
    rng = random.Random("rightsize/marathon/v1")
    limit = 64 * Mi                       # 32 MB app + 32 MB executor overhead
    win_start = utc(2026, 11, 14, 9, 0, 0)
    win_end = utc(2026, 11, 14, 9, 10, 0)
    master = "ip-10-40-0-17.eu-central-1.compute.internal"
    agent = "ip-10-40-2-88.eu-central-1.compute.internal"
    agent_id = "5c1e0f7a-93d2-4b6e-8a41-0d7c2f9e3b58-S4"
    node = 0x3B7F21C9E05D
    clock_seq = 0x1D27

    # ---- task timeline -----------------------------------------------------
    tasks = []
    t = utc(2026, 11, 14, 8, 59, 54, 620000)        # already running at 09:00:00
    pid = 23180
    while t < win_end:
        grow = rng.uniform(6.2, 9.8)
        kill = t + dt.timedelta(seconds=grow)
        launch = t - dt.timedelta(milliseconds=rng.randint(480, 900))
        task = dict(
            start=t, kill=kill, launch=launch,
            id="app-oom." + uuid1_at(launch, clock_seq, node),
            container=uuid4(rng),
            b0=rng.uniform(7.55, 8.45) * 1e6, warm=rng.uniform(1.1, 1.7),
            exec_pid=pid, sh_pid=pid + rng.randint(14, 19),
        )
        task["app_pid"] = task["sh_pid"] + 1
        pid = task["app_pid"] + rng.randint(9, 31)
        tasks.append(task)
        t = kill + dt.timedelta(seconds=rng.uniform(2.0, 3.0))

    # ---- memory samples (1 s) ---------------------------------------------
    series = []
    for task in tasks:
        samples = []
        s = floor_to(task["start"], 1) + dt.timedelta(seconds=1)
        span = (task["kill"] - task["start"]).total_seconds()
        while s < task["kill"] and s <= win_end:
            if s >= win_start and (s - task["start"]).total_seconds() >= 0.5:
                # ~8 MB while the executor and oomApp start up, then a
                # steady leak that reaches the limit at the kill
                el = (s - task["start"]).total_seconds() - task["warm"]
                frac = max(0.0, el) / (span - task["warm"])
                v = task["b0"] + (limit - task["b0"]) * frac ** 0.97 + rng.gauss(0, 0.12e6)
                if (task["kill"] - s).total_seconds() < 0.38:
                    v = limit                       # pinned at the limit
                v = min(page_floor(v), limit)
                samples.append((s, str(v)))
            s += dt.timedelta(seconds=1)
        task["samples"] = samples
        if samples:
            series.append(({"__name__": "container_memory_usage_bytes",
                            "marathon_app": "/app-oom",
                            "mesos_task_id": task["id"]}, samples))
    series.sort(key=lambda x: prom_sort_key(x[0]))
    emit("marathon/app-oom-memory.csv", promql_cli_csv(
        series, lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")))

    # ---- marathon.log (journald short format on the master) ---------------
    mpid = 4127
    jl = []

    def mlog(t, level, msg, logger, thread):
        jl.append((t, len(jl), level, msg, logger, thread))

    upd = "mesosphere.marathon.core.task.update.impl.TaskStatusUpdateProcessorImpl"
    launcher = "mesosphere.marathon.core.launchqueue.impl.TaskLauncherActor"
    thread = lambda: "marathon-akka.actor.default-dispatcher-%d" % rng.randint(2, 31)
    no_stat = {7, 31}          # kills whose memory.stat read failed (bare message)
    kills = [k for k in tasks if win_start <= k["kill"] <= win_end]
    for i, task in enumerate(tasks):
        if win_start <= task["launch"] <= win_end:
            mlog(task["launch"], "INFO",
                 "Request Launch for task '%s', version '2026-11-14T08:41:07.512Z'. 1 tasksToLaunch, "
                 "0 in flight, 0 confirmed. not backing off" % task["id"], launcher, thread())
            mlog(task["launch"] + dt.timedelta(milliseconds=rng.randint(3, 20)), "INFO",
                 "Launched task %s on agent %s (%s): TASK_STAGING" % (task["id"], agent_id, agent),
                 launcher, thread())
        st = task["start"] + dt.timedelta(milliseconds=rng.randint(15, 60))
        if win_start <= st <= win_end:
            mlog(st, "INFO", "Acknowledge status update for task %s: TASK_STARTING ()" % task["id"], upd, thread())
            rt = st + dt.timedelta(milliseconds=rng.randint(40, 160))
            mlog(rt, "INFO", "Acknowledge status update for task %s: TASK_RUNNING ()" % task["id"], upd, thread())
        if task in kills:
            ki = kills.index(task)
            ft = task["kill"] + dt.timedelta(milliseconds=rng.randint(60, 420))
            task["failed_logged"] = ft
            msg = "Memory limit exceeded: Requested: 64MB Maximum Used: 64MB\n"
            if ki not in no_stat:
                msg += "\nMEMORY STATISTICS: \n" + memory_stat(rng, limit) + "\n"
            mlog(ft, "INFO", "Acknowledge status update for task %s: TASK_FAILED (%s)" % (task["id"], msg),
                 upd, thread())
    # journald receives each stdout line a few ms after logback formats it;
    # a message with embedded newlines becomes several journal entries
    jl.sort(key=lambda x: (x[0], x[1]))
    out = []
    last_jt = None
    for t, _, level, msg, logger, thr in jl:
        jt = t + dt.timedelta(milliseconds=rng.randint(1, 40))
        if last_jt is not None and jt < last_jt:
            jt = last_jt
        last_jt = jt
        text = "[%s,%03d] %-5s %s (%s:%s)" % (t.strftime("%Y-%m-%d %H:%M:%S"), t.microsecond // 1000,
                                              level, msg, logger, thr)
        for part in text.split("\n"):
            out.append("%s %s marathon.sh[%d]: %s" % (syslog_ts(jt), master, mpid, part))
    emit("marathon/marathon.log", "\n".join(out) + "\n")

    # ---- kern.log (agent) --------------------------------------------------
    kl = []
    for task in kills:
        kl.extend(kernel_block(rng, task, agent))
    emit("marathon/kern.log", "\n".join(kl) + "\n")

    # ---- app definition ----------------------------------------------------
    app = {
        "id": "/app-oom",
        "cmd": "./oomApp --chunk-kb 512 --interval-ms 60",
        "cpus": 0.1,
        "mem": 32,
        "disk": 0,
        "instances": 1,
        "fetch": [{"uri": "https://artifacts.example.internal/debug/oomApp", "executable": True,
                   "extract": False, "cache": False}],
        "backoffSeconds": 1,
        "backoffFactor": 1.0,
        "maxLaunchDelaySeconds": 3600,
        "upgradeStrategy": {"minimumHealthCapacity": 1, "maximumOverCapacity": 1},
        "labels": {"owner": "platform-debugging"},
        "portDefinitions": [],
        "requirePorts": False,
        "killSelection": "YOUNGEST_FIRST",
        "unreachableStrategy": {"inactiveAfterSeconds": 0, "expungeAfterSeconds": 0},
        # As GET /v2/apps/app-oom returns it: deployed a minute before the window.
        "version": "2026-11-14T08:59:00.000Z",
        "versionInfo": {"lastScalingAt": "2026-11-14T08:59:00.000Z",
                        "lastConfigChangeAt": "2026-11-14T08:59:00.000Z"},
    }
    emit("marathon/app-oom.json", json.dumps(app, indent=2) + "\n")

    FACTS["marathon"] = dict(limit=limit, tasks=tasks, kills=kills, no_stat=no_stat,
                             series=len(series), rows=sum(len(s) for _, s in series))


def memory_stat(rng, limit):
    """cgroup v1 memory.stat of the task cgroup (bytes), one 'key value' per line."""
    cache = rng.randint(20, 40) * PAGE
    rss = limit - cache - rng.randint(280, 340) * PAGE
    mapped = rng.randint(8, 20) * PAGE
    pgpgin = rng.randint(17000, 19500)
    pgpgout = pgpgin - (rss + cache) // PAGE
    pgfault = pgpgin + rng.randint(3000, 4200)
    inact_file = cache // 2
    st = [("cache", cache), ("rss", rss), ("rss_huge", 0), ("shmem", 0), ("mapped_file", mapped),
          ("dirty", 0), ("writeback", 0), ("swap", 0), ("pgpgin", pgpgin), ("pgpgout", pgpgout),
          ("pgfault", pgfault), ("pgmajfault", rng.randint(0, 3)), ("inactive_anon", 0),
          ("active_anon", rss), ("inactive_file", inact_file), ("active_file", cache - inact_file),
          ("unevictable", 0), ("hierarchical_memory_limit", limit),
          ("hierarchical_memsw_limit", 9223372036854771712)]
    tot = [("total_" + k, v) for k, v in st if not k.startswith("hierarchical")]
    return "\n".join("%s %d" % kv for kv in st + tot)


def kernel_block(rng, task, agent):
    """cgroup v1 memcg OOM as printed by a 4.14 kernel (CoreOS era)."""
    t = task["kill"]
    p = "%s %s kernel: " % (syslog_ts(t), agent)
    cg = "/mesos/" + task["container"]
    app, pid, sh, ex = "oomApp", task["app_pid"], task["sh_pid"], task["exec_pid"]
    kmem = rng.randint(300, 330) * 4
    cache = rng.randint(20, 40) * 4
    rss = 65536 - kmem - cache
    ex_rss_kb = rng.randint(1580, 1720) * 4
    sh_rss_kb = 179 * 4
    app_file_kb = rng.randint(250, 300) * 4
    app_anon_kb = rss - ex_rss_kb - sh_rss_kb - app_file_kb - rng.randint(2, 12) * 4
    app_rss_pages = (app_anon_kb + app_file_kb) // 4
    app_vm_pages = app_rss_pages + rng.randint(2100, 2600)
    app_ptes = 30 + app_rss_pages // 512
    score = (app_rss_pages + app_ptes + 3) * 1000 // 16384
    inact_file = cache // 8 * 4
    cpu = rng.randint(0, 3)
    lines = [
        "%s invoked oom-killer: gfp_mask=0x14280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), "
        "order=0, oom_score_adj=0" % app,
        "%s cpuset=/ mems_allowed=0" % app,
        "CPU: %d PID: %d Comm: %s Not tainted 4.14.96-coreos #1" % (cpu, pid, app),
        "Hardware name: Xen HVM domU, BIOS 4.2.amazon 08/24/2006",
        "Call Trace:",
        " dump_stack+0x5c/0x85",
        " dump_header+0x94/0x229",
        " ? mem_cgroup_scan_tasks+0xc4/0xf0",
        " oom_kill_process+0x213/0x410",
        " out_of_memory+0x2ab/0x4b0",
        " mem_cgroup_out_of_memory+0x49/0x80",
        " mem_cgroup_oom_synchronize+0x2ed/0x330",
        " ? mem_cgroup_css_reset+0xd0/0xd0",
        " pagefault_out_of_memory+0x32/0x77",
        " __do_page_fault+0x4b1/0x4c0",
        " ? page_fault+0x2f/0x50",
        " page_fault+0x45/0x50",
        "RIP: 0033:0x%012x" % (0x7F0000000000 + rng.getrandbits(36)),
        "RSP: 002b:%016x EFLAGS: 00010206" % (0x7FFC00000000 + rng.getrandbits(32) // 16 * 16),
        "Task in %s killed as a result of limit of %s" % (cg, cg),
        "memory: usage 65536kB, limit 65536kB, failcnt %d" % rng.randint(40, 420),
        "memory+swap: usage 65536kB, limit 9007199254740988kB, failcnt 0",
        "kmem: usage %dkB, limit 9007199254740988kB, failcnt 0" % kmem,
        "Memory cgroup stats for %s: cache:%dKB rss:%dKB rss_huge:0KB shmem:0KB mapped_file:%dKB "
        "dirty:0KB writeback:0KB swap:0KB inactive_anon:0KB active_anon:%dKB inactive_file:%dKB "
        "active_file:%dKB unevictable:0KB" % (cg, cache, rss, rng.randint(8, 20) * 4, rss,
                                            inact_file, cache - inact_file),
        "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name",
        "[%5d]     0 %5d %8d %8d %7d %7d %8d %13d %s" % (ex, ex, 47310 + rng.randint(0, 400), ex_rss_kb // 4,
                                                      41, 4, 0, 0, "mesos-executor"),
        "[%5d]     0 %5d %8d %8d %7d %7d %8d %13d %s" % (sh, sh, 1127, sh_rss_kb // 4, 8, 3, 0, 0, "sh"),
        "[%5d]     0 %5d %8d %8d %7d %7d %8d %13d %s" % (pid, pid, app_vm_pages, app_rss_pages,
                                                      app_ptes, 3, 0, 0, app),
        "Memory cgroup out of memory: Kill process %d (%s) score %d or sacrifice child" % (pid, app, score),
        "Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:0kB"
        % (pid, app, app_vm_pages * 4, app_anon_kb, app_file_kb),
    ]
    reap = t + dt.timedelta(milliseconds=rng.randint(8, 40))
    out = [p + l for l in lines]
    out.append("%s %s kernel: oom_reaper: reaped process %d (%s), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"
               % (syslog_ts(reap), agent, pid, app))
    task["kernel"] = dict(pid=pid, anon_kb=app_anon_kb, score=score)
    return out


# ----------------------------------------------------------------------------
# Case 3: healthy checkout, over-provisioned report-builder (7 days)
# ----------------------------------------------------------------------------

def case_services():
    rng = random.Random("rightsize/services/v1")
    chars = "bcdfghjklmnpqrstvwxz2456789"
    sfx = lambda: "".join(rng.choice(chars) for _ in range(5))
    cluster, ns = "prod-eu", "shop"
    start = utc(2026, 11, 8)
    end = utc(2026, 11, 15)
    step = 120
    times = []
    t = start
    while t <= end:
        times.append(t)
        t += dt.timedelta(seconds=step)
    n = len(times)
    hours = [(t - start).total_seconds() / 3600.0 for t in times]

    checkout = ["checkout-7d9f8c6b5d-" + sfx() for _ in range(3)]
    rb_keep, rb_old, rb_new = ("report-builder-5c8b7f9d44-" + sfx() for _ in range(3))
    replaced_at = utc(2026, 11, 11, 14, 32, 17)      # node drain evicts rb_old
    new_ready = utc(2026, 11, 11, 14, 33, 4)

    values = {}       # pod -> list of bytes or None

    # checkout: daily cycle ~300..430Mi, weekends a bit lower, short spikes
    spike_plan = [(0, utc(2026, 11, 9, 12, 14), 452.0), (1, utc(2026, 11, 10, 19, 40), 461.5),
                  (2, utc(2026, 11, 11, 8, 52), 457.0), (1, utc(2026, 11, 12, 15, 6), 469.6),
                  (0, utc(2026, 11, 13, 17, 30), 447.2), (2, utc(2026, 11, 14, 11, 2), 463.8)]
    for pi, pod in enumerate(checkout):
        off = [-7.0, 0.0, 8.0][pi]
        wander = 0.0
        vals = []
        for i, t in enumerate(times):
            h = t.hour + t.minute / 60.0
            day = 0.5 - 0.5 * math.cos(2 * math.pi * (h - 3.5) / 24.0)
            amp = 92.0 if t.weekday() < 5 else 75.0
            wander = 0.97 * wander + rng.gauss(0, 1.3)
            mib = 315.0 + off + amp * day + wander + rng.gauss(0, 2.2)
            vals.append(mib)
        for spi, at, peak in spike_plan:
            if spi != pi:
                continue
            k = min(range(n), key=lambda i: abs((times[i] - at).total_seconds()))
            for d, f in ((-1, 0.45), (0, 1.0), (1, 0.6), (2, 0.25)):
                if 0 <= k + d < n:
                    vals[k + d] = vals[k + d] + f * (peak - vals[k + d]) if d else peak
        mx = max(v for v in vals)
        assert mx <= 470.0, (pod, mx)
        values[pod] = [page_floor(v * Mi) for v in vals]

    # report-builder: ~550..700Mi, a nightly report burst, one 750Mi peak
    def builder(pod, alive_from, alive_to, warm, peak_at=None, peak=None, seed_off=0.0):
        vals = []
        wander = 0.0
        for i, t in enumerate(times):
            if not (alive_from <= t <= alive_to):
                vals.append(None)
                continue
            h = t.hour + t.minute / 60.0
            wander = 0.985 * wander + rng.gauss(0, 1.6)
            mib = 583.0 + seed_off + wander + rng.gauss(0, 3.0)
            if 6.0 <= h < 6.9:             # nightly report run 06:00-06:55 UTC
                x = (h - 6.0) / 0.9
                mib += 95.0 * math.sin(math.pi * x) ** 0.6
            elif 13.0 <= h < 13.4 and t.weekday() < 5:
                mib += 38.0 * math.sin(math.pi * (h - 13.0) / 0.4)
            if warm:
                age = (t - alive_from).total_seconds() / 60.0
                if age < 45:
                    mib -= (45 - age) / 45.0 * 52.0
            mib = max(mib, 552.0 if not warm else 528.0)
            mib = min(mib, 702.0)
            vals.append(mib)
        if peak_at is not None:
            k = min(range(n), key=lambda i: abs((times[i] - peak_at).total_seconds()))
            vals[k - 1] = max(vals[k - 1], 718.4)
            vals[k] = peak
            vals[k + 1] = max(vals[k + 1], 731.9)
        return [None if v is None else page_floor(v * Mi) for v in vals]

    values[rb_keep] = builder(rb_keep, start, end, False, utc(2026, 11, 12, 6, 24), 749.3, -4.0)
    values[rb_old] = builder(rb_old, start, replaced_at, False, None, None, 6.0)
    values[rb_new] = builder(rb_new, new_ready + dt.timedelta(seconds=30), end, True, None, None, 2.0)

    pods = {p: ("checkout", "checkout-7d9f8c6b5d") for p in checkout}
    pods.update({p: ("builder", "report-builder-5c8b7f9d44") for p in (rb_keep, rb_old, rb_new)})

    # ---- memory.csv (Grafana formatted, Excel header) ----------------------
    labelsets = sorted(({"cluster": cluster, "container": pods[p][0], "namespace": ns, "pod": p} for p in pods),
                       key=prom_sort_key)
    header = ["Time"] + [format_labels(l) for l in labelsets]
    rows = []
    for i, t in enumerate(times):
        cells = []
        for l in labelsets:
            v = values[l["pod"]][i]
            cells.append("" if v is None else grafana_bytes_iec(v))
        if any(cells):
            rows.append([t.strftime("%Y-%m-%d %H:%M:%S")] + cells)
    emit("services/memory.csv", grafana_csv(header, rows, excel=True))

    # ---- requests-limits.csv (promql-cli long CSV, hourly) -----------------
    res = {"checkout": (512 * Mi, 768 * Mi), "builder": (4 * Gi, 6 * Gi)}
    life = {p: (start, end) for p in pods}
    life[rb_old] = (start, replaced_at)
    life[rb_new] = (new_ready - dt.timedelta(seconds=40), end)   # pod object created ~40 s before ready
    series = []
    for metric, idx in (("kube_pod_container_resource_requests", 0), ("kube_pod_container_resource_limits", 1)):
        for p in pods:
            c = pods[p][0]
            labels = {"__name__": metric, "cluster": cluster, "container": c, "namespace": ns,
                      "pod": p, "resource": "memory", "unit": "byte"}
            samples = []
            t = start
            while t <= end:
                if life[p][0] <= t <= life[p][1]:
                    samples.append((t, go_g(res[c][idx])))
                t += dt.timedelta(hours=1)
            series.append((labels, samples))
    series.sort(key=lambda x: prom_sort_key(x[0]))
    emit("services/requests-limits.csv", promql_cli_csv(
        series, lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")))

    # facts: both the exact generated peak and the peak as the CSV shows it
    facts = []
    for p in checkout + [rb_keep, rb_old, rb_new]:
        vs = [(v, times[i]) for i, v in enumerate(values[p]) if v is not None]
        v, at = max(vs)
        shown = max(parse_iec(grafana_bytes_iec(x)) for x, _ in vs)
        facts.append(dict(pod=p, container=pods[p][0], peak=v, at=at, shown=shown,
                          shown_text=grafana_bytes_iec(v), n=len(vs),
                          first=vs[0][1], last=vs[-1][1], min=min(vs)[0]))
    FACTS["services"] = dict(pods=facts, rows=len(rows), res=res, replaced_at=replaced_at,
                             new_ready=new_ready, rb_old=rb_old, rb_new=rb_new,
                             rl_rows=sum(len(s) for _, s in series))


# ----------------------------------------------------------------------------

def summary():
    out = []
    a = FACTS["airflow"]
    out.append("airflow: request %d limit %d" % (a["request"], a["limit"]))
    for n in a["nights"]:
        out.append("  %s  first %s  last %s  kill %s  peak %d (%.2f Mi, %.4f GiB)  >4000Mi at %s  "
                   "samples %d  ksm %s..%s  'Failed' event %s" % (
                       n["pod"], n["first"].strftime("%m-%d %H:%M:%S"), n["last"].strftime("%H:%M:%S"),
                       n["kill"].strftime("%H:%M:%S.%f")[:-3], n["peak"], n["peak"] / Mi, n["peak"] / Gi,
                       n["crossed"].strftime("%H:%M:%S"), n["samples"],
                       n["ksm_first"].strftime("%H:%M"), n["ksm_last"].strftime("%H:%M"),
                       n["failed_at"].strftime("%H:%M:%S.%f")[:-3]))
    m = FACTS["marathon"]
    out.append("marathon: %d tasks, %d kills in window, %d series, %d rows" % (
        len(m["tasks"]), len(m["kills"]), m["series"], m["rows"]))
    for i, k in enumerate(m["kills"]):
        last = k["samples"][-1] if k["samples"] else None
        out.append("  %2d %s start %s kill %s last-sample %s=%s pid %d%s" % (
            i, k["id"], k["start"].strftime("%H:%M:%S.%f")[:-3], k["kill"].strftime("%H:%M:%S.%f")[:-3],
            last[0].strftime("%H:%M:%S") if last else "-", last[1] if last else "-", k["kernel"]["pid"],
            "  (no MEMORY STATISTICS)" if i in m["no_stat"] else ""))
    s = FACTS["services"]
    out.append("services: %d rows in memory.csv, %d rows in requests-limits.csv" % (s["rows"], s["rl_rows"]))
    for p in s["pods"]:
        out.append("  %-32s %-8s samples %4d  min %.1f Mi  peak %d (%.2f Mi) at %s  csv shows %s (= %d B)  %s..%s" % (
            p["pod"], p["container"], p["n"], p["min"] / Mi, p["peak"], p["peak"] / Mi,
            p["at"].strftime("%m-%d %H:%M"), p["shown_text"], p["shown"],
            p["first"].strftime("%m-%d %H:%M"), p["last"].strftime("%m-%d %H:%M")))
    return "\n".join(out)


def main():
    case_airflow()
    case_marathon()
    case_services()
    check = "--check" in sys.argv[1:]
    bad = 0
    for rel in sorted(OUTPUT):
        path = os.path.join(HERE, rel)
        if check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == OUTPUT[rel]
            except OSError:
                same = False
            print("%-40s %s" % (rel, "ok" if same else "DIFFERS"))
            bad += not same
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(OUTPUT[rel])
        print("%-40s %8d bytes" % (rel, len(OUTPUT[rel])))
    if "--facts" in sys.argv[1:]:
        print(summary())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
