"""The floor: the least any tool can do to answer «where do we stand» from a journal, as a whole process.

A plain Python process reads the journal with orjson line by line and buckets the records by month and kind
(counts of adds, amends and voids applied to nothing more). Every figure of `run.py` is set against this one,
measured in the same run on the same machine.

    python benchmarks/floor.py path/to/2023.journal.jsonl
"""

import sys
from collections import Counter

import orjson


def main(path: str) -> None:
    buckets: Counter = Counter()
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip() or line.startswith(b"#"):
                continue
            rec = orjson.loads(line)
            if rec.get("op") == "add":
                buckets[(rec["date"][:7], rec["kind"])] += 1
    sys.stdout.write(f"{len(buckets)} buckets, {sum(buckets.values())} records\n")


if __name__ == "__main__":
    main(sys.argv[1])
