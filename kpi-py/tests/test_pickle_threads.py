"""Where analysts work: pickling (multiprocessing, Dask, Spark) and threads."""

import pickle
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import kpi
from conftest import vector


def test_policy_pickles():
    policy = kpi.Policy.from_file(vector("after-sales-variant-a.toml"))
    copy = pickle.loads(pickle.dumps(policy))
    assert copy == policy and copy.id == policy.id
    assert copy != kpi.Policy.bundled()


def test_payroll_pickles(examples):
    result = kpi.payroll(examples)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result and copy.to_json() == result.to_json()
    assert copy.to_dicts() == result.to_dicts()


def _gross_of(batch):
    return kpi.payroll(batch, kpi.Policy.bundled())["A01"]["slip"]["gross"]


def test_a_process_pool(examples):
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(_gross_of, examples).result() == _gross_of(examples)


def _big_batch(examples, copies):
    agents = []
    for i in range(copies):
        for a in examples["agents"]:
            agents.append({**a, "id": f"{a['id']}-{i:05d}"})
    return {"month": examples["month"], "teams": examples["teams"], "agents": agents}


def test_two_threads_at_once(examples):
    batch = _big_batch(examples, 200)
    serial = kpi.payroll(batch, ties="shared").to_json()
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(lambda: kpi.payroll(batch, ties="shared").to_json()) for _ in range(2)]
        assert all(f.result() == serial for f in futures)


def test_evaluation_releases_the_gil(examples):
    import json

    text = json.dumps(_big_batch(examples, 400), ensure_ascii=False)
    count = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.25)  # without a release, `spin` cannot run during the call
    worker = threading.Thread(target=spin)
    try:
        worker.start()
        before = count[0]
        kpi.payroll_json(text)
        after = count[0]
    finally:
        stop.set()
        worker.join()
        sys.setswitchinterval(old)
    assert after > before
