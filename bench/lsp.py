#!/usr/bin/env python3
"""Drive a real `extpack lsp` session and a real `extpack check --watch`, and time them.

Usage:
    python3 bench/lsp.py EXTPACK EXTENSION_DIR [--edits 1000] [--saves 50]

EXTPACK is the binary (a release build), EXTENSION_DIR an extension folder (bench/lsp.sh makes
the typical one with bench/gen-extension.py). The folder's extension.json is edited in place
during the watch part and restored at the end.

1. Edit → published diagnostics: the editor opens extension.json and changes it --edits times,
   alternating a version with an uppercase prerelease (one finding) and the valid one (none),
   each change sent only after the diagnostics of the previous one arrived. Reported: median,
   90th percentile and maximum of the time from sending a change to receiving the
   diagnostics of that version, and the server's resident memory (VmRSS, VmHWM) after the
   first edit and after every fifth of the run.
2. Save → watch report: `check --watch` runs on the folder; extension.json is written --saves
   times, alternating as above, each after the previous report; reported: the median and
   maximum time from the write to the report's summary line (the 50 ms of quiet the watcher
   waits for are part of it).

Python 3.9+, standard library only; Linux (/proc) for the memory figures.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import queue
import statistics
import subprocess
import sys
import threading
import time


def rss_kib(pid: int) -> tuple[int, int]:
    fields = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


class Server:
    def __init__(self, binary: str) -> None:
        self.process = subprocess.Popen(
            [binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 1

    def _read(self) -> None:
        out = self.process.stdout
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.startswith(b"Content-Length:"):
                    length = int(line.split(b":")[1])
            self.messages.put(json.loads(out.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params) -> dict:
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            message = self.messages.get(timeout=30)
            if message.get("id") == request_id:
                return message

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list:
        while True:
            message = self.messages.get(timeout=30)
            params = message.get("params") or {}
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == uri
                and params.get("version") == version
            ):
                return params["diagnostics"]


def percentile(values: list, p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def bench_lsp(binary: str, folder: pathlib.Path, edits: int) -> None:
    manifest = folder / "extension.json"
    text = manifest.read_text(encoding="utf-8")
    version = json.loads(text)["version"]
    broken = text.replace(f'"version": "{version}"', f'"version": "{version}-Beta"', 1)
    assert broken != text, "the manifest's version could not be found"
    uri = manifest.resolve().as_uri()
    server = Server(binary)
    server.request("initialize", {"processId": None, "rootUri": folder.resolve().as_uri(), "capabilities": {}})
    server.notify("initialized", {})
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "json", "version": 0, "text": text}},
    )
    assert server.diagnostics(uri, 0) == []
    latencies = []
    memory = []
    for n in range(1, edits + 1):
        new = broken if n % 2 else text
        started = time.perf_counter()
        server.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": n}, "contentChanges": [{"text": new}]},
        )
        found = server.diagnostics(uri, n)
        latencies.append((time.perf_counter() - started) * 1000)
        assert len(found) == (1 if n % 2 else 0), found
        if n == 1 or n % max(1, edits // 5) == 0:
            memory.append((n, *rss_kib(server.process.pid)))
    server.request("shutdown", None)
    server.notify("exit", None)
    server.process.wait(timeout=30)
    print(f"edit -> published diagnostics, {edits} edits of {manifest.stat().st_size:,} bytes:")
    print(
        f"  median {statistics.median(latencies):.2f} ms, p90 {percentile(latencies, 0.9):.2f} ms, "
        f"max {max(latencies):.2f} ms (first {latencies[0]:.2f} ms)"
    )
    print("  server memory after edit n: " + ", ".join(f"{n}: RSS {rss / 1024:.1f} MiB (peak {hwm / 1024:.1f})" for n, rss, hwm in memory))


def bench_watch(binary: str, folder: pathlib.Path, saves: int) -> None:
    manifest = folder / "extension.json"
    text = manifest.read_text(encoding="utf-8")
    version = json.loads(text)["version"]
    broken = text.replace(f'"version": "{version}"', f'"version": "{version}-Beta"', 1)
    process = subprocess.Popen(
        [binary, "check", "--watch", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "100"},
    )
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            lines.put((time.perf_counter(), line.decode("utf-8", "replace")))

    threading.Thread(target=read, daemon=True).start()

    def next_report() -> float:
        while True:
            at, line = lines.get(timeout=30)
            if " in 1 extension" in line:
                return at

    next_report()
    latencies = []
    try:
        for n in range(1, saves + 1):
            time.sleep(0.2)
            started = time.perf_counter()
            manifest.write_text(broken if n % 2 else text, encoding="utf-8")
            latencies.append((next_report() - started) * 1000)
    finally:
        manifest.write_text(text, encoding="utf-8")
        process.send_signal(2)
        code = process.wait(timeout=30)
    print(f"save -> check --watch report, {saves} saves (exit code after Ctrl-C: {code}):")
    print(
        f"  median {statistics.median(latencies):.1f} ms, min {min(latencies):.1f} ms, "
        f"max {max(latencies):.1f} ms (50 ms of them the debounce's quiet period)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("folder", type=pathlib.Path)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=50)
    args = parser.parse_args()
    bench_lsp(args.binary, args.folder, args.edits)
    bench_watch(args.binary, args.folder, args.saves)


if __name__ == "__main__":
    sys.exit(main())
