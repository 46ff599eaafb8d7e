"""What text that is not prose costs `analyze`, beside prose of the same length.

    .venv/bin/python benchmarks/non_prose.py [--chars 20000] [--repeats 3]

Cases, each in its own process (the pipeline loaded once there, then the median of the
repeats timed, and the process's peak memory read from the operating system):
  prose           sentences written for this benchmark, repeated to the length;
  mixed           half that prose, half the same words with no sentence punctuation (cut
                  into bounded paragraphs, then analysed);
  no punctuation  the whole length with no sentence punctuation (skipped as not prose);
  200k no punct.  200,000 characters with no sentence punctuation, the case of issue 15.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

SENTENCES = (
    "The harbour council of Portvale met on Tuesday to discuss repairs to the northern pier. "
    "Fishing crews told the council that the closure had cost them most of the autumn catch. "
    "The mayor said a fund for the families worst hit would open by the end of the month. "
    "Engineers from the regional transport office warned that the southern pier also needed work. "
    "A spokesperson for the ferry company said sailings to the islands would resume on Friday. "
)


def texts(chars: int) -> dict[str, str]:
    prose = (SENTENCES * (chars // len(SENTENCES) + 1))[:chars].rsplit(". ", 1)[0] + "."
    bare = re.sub(r"[.!?;:]", "", prose)
    half = chars // 2
    mixed = prose[:half].rsplit(". ", 1)[0] + ".\n\n" + bare[:half]
    long_bare = re.sub(r"[.!?;:]", "", (SENTENCES * (200_000 // len(SENTENCES) + 1))[:200_000])
    return {"prose": prose, "mixed": mixed, "no punctuation": bare, "200k no punct.": long_bare}


def child(text: str, repeats: int) -> None:
    from newsgraph.errors import NewsgraphError
    from newsgraph.pipeline import Pipeline
    from newsgraph.reading import read_text
    from newsgraph.schema import Article
    from newsgraph.settings import load_settings

    settings = load_settings()
    pipeline = Pipeline(settings)
    pipeline.setup()
    seconds = []
    outcome = ""
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            item = read_text(text, origin="bench", settings=settings.reading)
            if isinstance(item, Article):
                analysis = pipeline.analyse([item])[0]
                outcome = (f"analysed: {len(item.text.split(chr(10) + chr(10)))} paragraphs, "
                           f"{len(analysis.entities)} entities")
            else:
                outcome = "skipped: " + item.reason.split("; ")[-1][:60]
        except NewsgraphError as error:
            outcome = f"error: {error.message[:60]}"
        seconds.append(time.perf_counter() - started)
    print(json.dumps({"seconds": statistics.median(seconds), "outcome": outcome}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(sys.stdin.read(), options.repeats)
        return 0
    print(f"{'case':<16} {'chars':>8} {'median s':>9} {'s per 10k chars':>16} {'peak MB':>8}  outcome")
    for name, text in texts(options.chars).items():
        process = subprocess.Popen([sys.executable, __file__, "--child", name,
                                    "--repeats", str(options.repeats)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(text)
        process.stdin.close()
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            print(f"{name}: failed ({status})")
            continue
        result = json.loads(output.strip().splitlines()[-1])
        per = result["seconds"] / len(text) * 10_000
        print(f"{name:<16} {len(text):>8} {result['seconds']:>9.2f} {per:>16.2f} "
              f"{usage.ru_maxrss / 1024:>8.0f}  {result['outcome']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
