#!/usr/bin/env python3
"""Generate a synthetic, valid Adobe Experience Platform Tags extension for benchmarks.

Usage:
    python3 bench/gen-extension.py OUT_DIR [--platform web|edge] [--features 400]
        [--lib-files 1000] [--views 5000] [--total-mb 150] [--seed 1] [--typical]
        [--bundle-mb N] [--force]

The output is deterministic: the same arguments (and seed) give byte-identical files, with
every file's modification time set to a fixed instant. Python 3.11+, standard library only.

What it writes (web; edge differs as noted):
  extension.json        features split across events / conditions / actions / dataElements
                        (edge: no events), each with libPath, viewPath and a small draft-04
                        settings schema; configuration; a few sharedModules; main; iconPath;
                        two hostedLibFiles (web only).
  src/lib/**.js         --lib-files CommonJS modules; the feature, shared-module and main
                        modules are among them. Each requires 1-4 others by relative path
                        (`./x`, `../dir/y.js`), cycles included, and every one is reachable
                        from an entry module. Some also require core modules (web only), a
                        few .json data files under src/lib/data/, and one a vendored file in
                        node_modules/. Some contain `require(...)` text in comments, strings
                        and template literals that is not a call and names no existing file.
  src/hosted/*.js       hostedLibFiles (web only).
  src/view/**           --views files: the configuration and feature views (HTML) plus assets
                        in nested folders, sized so the whole tree totals about --total-mb
                        megabytes (1 MB = 1,000,000 bytes): ~60% compressible text (HTML, JS,
                        CSS, JSON, source maps), ~40% incompressible random bytes (.png,
                        .woff2, .jpg), most files small and a few large (a 5 MB image once the
                        budget allows). A `.DS_Store` dot-file is among them (never packed).
  node_modules/, package.json, README.md
                        small files that are not part of a package except the one vendored
                        file a library module requires.

--bundle-mb N makes src/lib/main.js a minified bundle of about N MB (10^6 bytes) on one line,
the shape webpack and terser give a vendored SDK: a module table of functions with short names,
classes, arrow and async functions, optional chaining, template literals, regular expressions
with `/` in classes, `typeof require` tests; main's own require() calls stay before it.

--typical is shorthand for --features 20 --lib-files 40 --views 60 --total-mb 1 (a typical
extension); options given explicitly still win.

Prints one summary line: files and bytes written.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import random
import shutil
import sys

FIXED_MTIME = 1_704_067_200  # 2024-01-01T00:00:00Z
MB = 1_000_000
DRAFT4 = "http://json-schema.org/draft-04/schema#"
BRIDGE = "https://assets.adobedtm.com/activation/reactor/extensionbridge/extensionbridge.min.js"
CORE_MODULES = [
    "@adobe/reactor-object-assign",
    "@adobe/reactor-cookie",
    "@adobe/reactor-document",
    "@adobe/reactor-query-string",
    "@adobe/reactor-load-script",
    "@adobe/reactor-promise",
    "@adobe/reactor-window",
]
TYPICAL = {"features": 20, "lib_files": 40, "views": 60, "total_mb": 1.0}
DEFAULTS = {"features": 400, "lib_files": 1000, "views": 5000, "total_mb": 150.0}

WORDS = (
    "account action active adapter analytics audience beacon buffer cache campaign cart channel "
    "checkout click collect config consent context cookie counter custom data debug decision "
    "delay device dispatch domain element entry event experience filter flag form format frame "
    "hash header history identity impression init item journey label layer lifecycle link list "
    "load locale logger marketing media merge message metric mobile model network offer order "
    "origin page panel parse path payload persist platform player pointer product profile "
    "promise property purchase query queue rank ready record redirect referrer region remote "
    "render report request resolve response result route rule sample scroll search segment "
    "selector session settings signal source state storage stream submit target timer token "
    "track trigger update user value variant video view visit visitor widget window"
).split()
FEATURE_NOUNS = [w for w in WORDS if len(w) > 3]
FEATURE_TYPES_WEB = [("events", 0.15), ("conditions", 0.20), ("actions", 0.35), ("dataElements", 0.30)]
FEATURE_TYPES_EDGE = [("conditions", 0.25), ("actions", 0.45), ("dataElements", 0.30)]
TYPE_DIR = {"events": "events", "conditions": "conditions", "actions": "actions",
            "dataElements": "data-elements"}
LIB_DIRS = ["helpers", "core", "utils", "services", "adapters", "models", "vendor"]
LIB_SUBDIRS = ["common", "dom", "net", "storage", "format", "identity", "tracking", "ui"]
VIEW_DIRS = ["assets", "bundles", "components", "shared", "vendor", "i18n"]
VIEW_SUBDIRS = ["img", "fonts", "js", "css", "data", "maps", "icons", "partials", "themes", "lib"]
# (extension, relative size weight, share of the compressible / incompressible file count)
COMPRESSIBLE_KINDS = [("html", 0.6, 0.25), ("js", 2.0, 0.30), ("css", 1.0, 0.15),
                      ("json", 0.6, 0.15), ("map", 4.0, 0.15)]
INCOMPRESSIBLE_KINDS = [("png", 1.5, 0.45), ("woff2", 1.0, 0.25), ("jpg", 3.0, 0.30)]
MIN_ASSET = 256


# ----------------------------------------------------------------------------- helpers

def ident(rng: random.Random, parts: int = 2) -> str:
    words = [rng.choice(WORDS) for _ in range(parts)]
    return words[0] + "".join(w.capitalize() for w in words[1:])


def rel_request(src: str, target: str, strip_js: bool) -> str:
    """The relative require() request from module `src` to file `target` (both root-relative)."""
    rel = posixpath.relpath(target, posixpath.dirname(src))
    if not rel.startswith("../"):
        rel = "./" + rel
    if strip_js and rel.endswith(".js"):
        rel = rel[:-3]
    return rel


class Tree:
    """Writes files under root as they are generated and keeps the totals."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        self.compressible = 0
        self.incompressible = 0

    def add(self, path: str, data: bytes | str, compressible: bool = True) -> None:
        if path in self.files:
            raise SystemExit(f"gen-extension: internal error: {path} written twice")
        if isinstance(data, str):
            data = data.encode("ascii")
        self.files.add(path)
        full = os.path.join(self.root, *path.split("/"))
        parent = os.path.dirname(full)
        if parent not in self.dirs:
            os.makedirs(parent, exist_ok=True)
            self.dirs.add(parent)
        with open(full, "wb") as f:
            f.write(data)
        os.utime(full, (FIXED_MTIME, FIXED_MTIME))
        if compressible:
            self.compressible += len(data)
        else:
            self.incompressible += len(data)

    def finish(self) -> None:
        """Fixed modification times on the folders too (children first)."""
        for d, _, _ in sorted(os.walk(self.root), key=lambda w: len(w[0]), reverse=True):
            os.utime(d, (FIXED_MTIME, FIXED_MTIME))

    def size(self) -> int:
        return self.compressible + self.incompressible


# ----------------------------------------------------------------------------- text pools

def make_pools(rng: random.Random) -> dict[str, list[str]]:
    """Line pools per text kind; files are drawn from these, so text compresses like code."""
    pools: dict[str, list[str]] = {"js": [], "css": [], "html": [], "json": [], "map": []}
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    # source-map "mappings" segments, base64 VLQ-looking: small deltas ("A", "C", "E", ...) dominate
    b64_weights = [12 if ch == "A" else 4 if ch in "CEGIKMOQSUgkm" else 1 for ch in b64]
    for _ in range(4000):
        seg = "".join(rng.choices(b64, weights=b64_weights, k=rng.choice((4, 4, 4, 5, 6))))
        pools["map"].append(seg + rng.choice(",,,,;"))
    for _ in range(6000):
        a, b, c = ident(rng), ident(rng, 1), ident(rng, 3)
        n = rng.randrange(1000)
        pools["js"].append(rng.choice([
            f"  var {a} = {b}.{c}({n}, '{rng.choice(WORDS)}');",
            f"  if ({a} && {a}.{b} !== undefined) {{ return {c}({a}.{b}); }}",
            f"  {a}.{b} = function ({b}, {rng.choice(WORDS)}) {{ return {b} + {n}; }};",
            f"  for (var i = 0; i < {a}.length; i += 1) {{ {c}.push({a}[i].{b}); }}",
            f"  // {rng.choice(WORDS)} the {rng.choice(WORDS)} before {rng.choice(WORDS)}ing {c}",
            f"  return {a}.{b}.map(function (x) {{ return x.{c} * {n}; }});",
            f"  {a}['{rng.choice(WORDS)}-{n}'] = {{ {b}: {n}, {c}: '{rng.choice(WORDS)}' }};",
        ]))
        pools["css"].append(rng.choice([
            f".{rng.choice(WORDS)}-{rng.choice(WORDS)} {{ margin: {n % 48}px {n % 17}px; color: #{n:03x}{n % 255:02x}; }}",
            f".{rng.choice(WORDS)}__{rng.choice(WORDS)}--{rng.choice(WORDS)} {{ display: flex; gap: {n % 32}px; }}",
            f"#{rng.choice(WORDS)}-{n} > .{rng.choice(WORDS)} {{ font-size: {10 + n % 20}px; line-height: 1.{n % 9}; }}",
            f"@media (max-width: {320 + n}px) {{ .{rng.choice(WORDS)} {{ width: {n % 100}%; }} }}",
        ]))
        pools["html"].append(rng.choice([
            f'    <div class="{rng.choice(WORDS)}-{rng.choice(WORDS)}" data-{rng.choice(WORDS)}="{n}">{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}</div>',
            f'    <label for="{a}">{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}</label><input id="{a}" type="text" value="{n}">',
            f'    <li><a href="#{rng.choice(WORDS)}-{n}">{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)}</a></li>',
            f'    <p class="{rng.choice(WORDS)}">The {rng.choice(WORDS)} {rng.choice(WORDS)} is {rng.choice(WORDS)}ed after {n} ms.</p>',
        ]))
        pools["json"].append(
            f'    {{"id": "{rng.choice(WORDS)}-{n}", "{rng.choice(WORDS)}": {n}, "label": "{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}", "enabled": {rng.choice(["true", "false"])}}},')
    return pools


def fill_lines(rng: random.Random, pool: list[str], budget: int) -> str:
    """Whole lines from pool, total length <= budget (may be empty)."""
    if budget <= 0:
        return ""
    avg = sum(len(x) + 1 for x in pool[:200]) / 200
    out: list[str] = []
    size = 0
    while size < budget:
        chunk = rng.choices(pool, k=max(1, int((budget - size) / avg) + 1))
        text = "\n".join(chunk) + "\n"
        out.append(text)
        size += len(text)
    joined = "".join(out)
    if len(joined) > budget:
        cut = joined.rfind("\n", 0, budget)
        joined = joined[: cut + 1] if cut >= 0 else ""
    return joined


def text_asset(rng: random.Random, pools: dict[str, list[str]], kind: str, size: int, name: str) -> bytes:
    """A syntactically plausible text file of exactly `size` bytes (size >= MIN_ASSET)."""
    if kind == "html":
        head = f'<!DOCTYPE html>\n<html lang="en">\n  <head><meta charset="utf-8"><title>{name}</title></head>\n  <body>\n'
        tail = "  </body>\n</html>\n"
        pad_open, pad_close, pool = "<!--", "-->\n", pools["html"]
    elif kind == "js":
        head = f"/* {name} */\n(function (window) {{\n  'use strict';\n"
        tail = "})(window);\n"
        pad_open, pad_close, pool = "/*", "*/\n", pools["js"]
    elif kind == "css":
        head = f"/* {name} */\n"
        tail = ""
        pad_open, pad_close, pool = "/*", "*/\n", pools["css"]
    elif kind == "json":
        head = '{\n  "items": [\n'
        tail = '    {"id": "end"}\n  ]\n}\n'
        pad_open, pad_close, pool = "", "\n", pools["json"]
    elif kind == "map":
        stem = name.rsplit(".", 2)[0]
        head = (f'{{"version":3,"file":"{stem}.js","sources":["../src/{stem}.ts"],'
                f'"names":["{ident(rng)}","{ident(rng)}","{ident(rng)}"],"mappings":"')
        tail = '"}\n'
        budget = size - len(head) - len(tail)
        body = "".join(rng.choices(pools["map"], k=budget // 5 + 1))
        while len(body) < budget:
            body += "".join(rng.choices(pools["map"], k=(budget - len(body)) // 5 + 1))
        return (head + body[:budget] + tail).encode("ascii")
    else:
        raise ValueError(kind)
    budget = size - len(head) - len(tail) - len(pad_open) - len(pad_close)
    body = fill_lines(rng, pool, budget)
    pad = " " * (budget - len(body))
    return (head + body + pad_open + pad + pad_close + tail).encode("ascii")


def binary_asset(rng: random.Random, kind: str, size: int) -> bytes:
    """Incompressible bytes behind the format's magic number, exactly `size` bytes."""
    if kind == "png":
        head = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        tail = b"\x00\x00\x00\x00IEND\xaeB`\x82"
    elif kind == "jpg":
        head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        tail = b"\xff\xd9"
    elif kind == "woff2":
        head = b"wOF2\x00\x01\x00\x00" + size.to_bytes(4, "big")
        tail = b""
    else:
        raise ValueError(kind)
    return head + rng.randbytes(size - len(head) - len(tail)) + tail


def distribute(rng: random.Random, weights: list[float], total: int, minimum: int) -> list[int]:
    """Heavy-tailed sizes (lognormal times a per-kind weight) summing exactly to total."""
    if not weights:
        return []
    if total < minimum * len(weights):
        total = minimum * len(weights)
    raw = [w * rng.lognormvariate(0.0, 1.25) for w in weights]
    spare = total - minimum * len(weights)
    scale = spare / sum(raw)
    sizes = [minimum + int(r * scale) for r in raw]
    sizes[max(range(len(sizes)), key=lambda i: sizes[i])] += total - sum(sizes)
    return sizes


def split_counts(n: int, shares: list[float]) -> list[int]:
    counts = [int(n * s) for s in shares]
    i = 0
    while sum(counts) < n:
        counts[i % len(counts)] += 1
        i += 1
    return counts


# ----------------------------------------------------------------------------- generator

def settings_schema(rng: random.Random) -> dict:
    props: dict[str, dict] = {}
    for _ in range(rng.randint(1, 4)):
        key = ident(rng)
        props[key] = rng.choice([
            {"type": "string", "minLength": 1},
            {"type": "integer", "minimum": 0},
            {"type": "boolean"},
            {"type": "string", "enum": ["low", "medium", "high"]},
        ])
    schema = {"$schema": DRAFT4, "type": "object", "properties": props}
    schema["required"] = [next(iter(props))]
    schema["additionalProperties"] = False
    return schema


def feature_view(title: str, fields: list[str]) -> str:
    inputs = "\n".join(f'    <label for="{f}">{f}</label>\n    <input id="{f}" type="text">' for f in fields)
    init = "\n".join(f"          document.getElementById('{f}').value = s.{f} || '';" for f in fields)
    get = ", ".join(f"{f}: document.getElementById('{f}').value" for f in fields)
    return f"""<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>{title}</title>
    <link rel="stylesheet" href="{{CSS}}">
    <script src="{BRIDGE}"></script>
  </head>
  <body>
{inputs}
    <script>
      window.extensionBridge.register({{
        init: function (info) {{
          var s = info.settings || {{}};
{init}
        }},
        getSettings: function () {{ return {{ {get} }}; }},
        validate: function () {{ return true; }}
      }});
    </script>
  </body>
</html>
"""


def generate(args: argparse.Namespace, tree: Tree) -> None:
    rng = random.Random(args.seed)
    web = args.platform == "web"
    pools = make_pools(rng)

    # --- features and entry modules --------------------------------------------------
    types = FEATURE_TYPES_WEB if web else FEATURE_TYPES_EDGE
    counts = split_counts(args.features, [s for _, s in types])
    features: dict[str, list[dict]] = {}
    roots: list[str] = []  # entry modules: feature libPaths, shared modules, main
    root_kind: dict[str, str] = {}
    view_files: list[tuple[str, str, list[str]]] = []  # (path under src/view, title, fields)
    for (ftype, _), count in zip(types, counts):
        items = []
        for i in range(count):
            noun = FEATURE_NOUNS[i % len(FEATURE_NOUNS)]
            name = f"{noun}-{TYPE_DIR[ftype].rstrip('s')}-{i + 1:03d}"
            lib = f"src/lib/{TYPE_DIR[ftype]}/{name}.js"
            view = f"{TYPE_DIR[ftype]}/{name}.html"
            schema = settings_schema(rng)
            view_path = view
            r = rng.random()
            if r < 0.05:
                view_path += "#advanced"
            elif r < 0.10:
                view_path += f"?tab={rng.choice(WORDS)}"
            feature = {
                "name": name,
                "displayName": " ".join(w.capitalize() for w in name.split("-")[:-1]) + f" {i + 1}",
            }
            if rng.random() < 0.3:
                feature["categoryName"] = rng.choice(WORDS).capitalize()
            feature.update({"libPath": lib, "viewPath": view_path, "schema": schema})
            if rng.random() < 0.1:
                prop = next(iter(schema["properties"]))
                feature["transforms"] = [{"type": "function", "propertyPath": prop, "parameters": ["event"]}]
            items.append(feature)
            roots.append(lib)
            root_kind[lib] = ftype
            view_files.append((view, feature["displayName"], list(schema["properties"])))
        features[ftype] = items
    n_shared = min(3, max(1, args.features // 50))
    shared_modules = []
    for i in range(n_shared):
        lib = f"src/lib/shared-modules/{FEATURE_NOUNS[(i * 7) % len(FEATURE_NOUNS)]}-api.js"
        shared_modules.append({"name": posixpath.basename(lib)[:-3], "libPath": lib})
        roots.append(lib)
        root_kind[lib] = "shared"
    roots.append("src/lib/main.js")
    root_kind["src/lib/main.js"] = "main"
    if args.lib_files <= len(roots):
        raise SystemExit(f"gen-extension: --lib-files must be more than {len(roots)} "
                         f"(features + shared modules + main)")
    if args.views < args.features + 2:
        raise SystemExit(f"gen-extension: --views must be at least {args.features + 2} "
                         f"(one per feature, the configuration view and one asset)")

    # --- other library modules, nested folders ---------------------------------------
    others: list[str] = []
    for i in range(args.lib_files - len(roots)):
        depth = rng.choice((1, 1, 2, 2, 3))
        parts = [rng.choice(LIB_DIRS)] + [rng.choice(LIB_SUBDIRS) for _ in range(depth - 1)]
        others.append("src/lib/" + "/".join(parts) + f"/{ident(rng).lower()}-{i:04d}.js")
    libs = roots + others
    n_json = max(1, args.lib_files // 100)
    data_files = [f"src/lib/data/{rng.choice(WORDS)}-table-{i:02d}.json" for i in range(n_json)]
    vendored = "node_modules/extpack-bench-vendor/dist/vendor.js"

    # require graph: a spanning tree from the entry modules (each earlier module may adopt
    # later ones while it has fewer than 4 requires), then extra random edges (cycles allowed)
    out: list[list[int]] = [[] for _ in libs]
    for j in range(len(roots), len(libs)):
        while True:
            p = rng.randrange(j)
            if len(out[p]) < 4:
                break
        out[p].append(j)
    for i in range(len(libs)):
        want = rng.randint(1, 4)
        tries = 0
        while len(out[i]) < want and tries < 20:
            t = rng.randrange(len(libs))
            tries += 1
            if t != i and t not in out[i]:
                out[i].append(t)

    for i, path in enumerate(libs):
        lines = ["'use strict';", ""]
        if web and rng.random() < 0.35:
            for core in sorted(rng.sample(CORE_MODULES, rng.randint(1, 2))):
                var = ident(rng, 1) + "Core"
                lines.append(f"var {var} = require('{core}');")
        deps = []
        for k, t in enumerate(out[i]):
            var = f"dep{k}"
            quote = rng.choice("''\"")
            lines.append(f"var {var} = require({quote}{rel_request(path, libs[t], rng.random() < 0.5)}{quote});")
            deps.append(var)
        if i % 97 == 5:
            lines.append(f"var table = require('{rel_request(path, data_files[i % n_json], False)}');")
        if i == len(roots):
            lines.append(f"var vendor = require('{rel_request(path, vendored, False)}');")
        r = rng.random()
        if r < 0.15:
            lines.append(f"// Until 2.x this module did require('./legacy/{ident(rng).lower()}') as well.")
        elif r < 0.25:
            lines.append(f"/* require(\"../removed/{ident(rng).lower()}.js\") is loaded lazily elsewhere */")
        elif r < 0.35:
            lines.append(f"var usage = \"feature code calls require('./legacy/{ident(rng).lower()}')\";")
        elif r < 0.42:
            lines.append(f"var tpl = `see require('../removed/{ident(rng).lower()}') in the changelog`;")
        lines.append("")
        fn = ident(rng)
        lines.append(f"function {fn}(settings) {{")
        lines.append(fill_lines(rng, pools["js"], int(rng.lognormvariate(6.3, 0.8))).rstrip("\n"))
        lines.append(f"  return [{', '.join(deps)}].length + (settings ? 1 : 0);")
        lines.append("}")
        lines.append("")
        kind = root_kind.get(path)
        if kind == "events":
            lines.append(f"module.exports = function (settings, trigger) {{ if ({fn}(settings)) {{ trigger({{}}); }} }};")
        elif kind == "conditions":
            lines.append(f"module.exports = function (settings) {{ return {fn}(settings) > 0; }};")
        elif kind in ("actions", "dataElements"):
            lines.append(f"module.exports = function (settings) {{ return {fn}(settings); }};")
        else:
            lines.append(f"module.exports = {{ {fn}: {fn} }};")
        if path == "src/lib/main.js" and args.bundle_mb > 0:
            # its own generator, so that every other file stays as without --bundle-mb
            lines.append(minified_bundle(random.Random(args.seed + 1_000_003), int(args.bundle_mb * MB)))
        tree.add(path, "\n".join(x for x in lines if x is not None) + "\n")
    for path in data_files:
        rows = [{"key": ident(rng), "value": rng.randrange(10000)} for _ in range(rng.randint(3, 30))]
        tree.add(path, json.dumps({"rows": rows}, indent=2) + "\n")
    tree.add(vendored, "/* extpack-bench-vendor: vendored helper reached by a relative require */\n"
                       "module.exports = function vendor(x) { return x; };\n")
    tree.add("node_modules/extpack-bench-vendor/package.json",
             json.dumps({"name": "extpack-bench-vendor", "version": "1.0.0", "main": "dist/vendor.js"}, indent=2) + "\n")
    tree.add("node_modules/extpack-bench-vendor/README.md", "Not packed: only dist/vendor.js is required.\n")
    tree.add("node_modules/extpack-bench-vendor/src/vendor.ts", "export default function vendor<T>(x: T): T { return x; }\n")

    # --- hosted files, icon, manifest --------------------------------------------------
    hosted = []
    if web:
        for stem in ("bench-sdk", "bench-plugin"):
            p = f"src/hosted/{stem}.js"
            hosted.append(p)
            tree.add(p, f"(function (window) {{\n  'use strict';\n  window['{stem}'] = {{ loaded: true }};\n}})(window);\n")
    tree.add("resources/icon.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
                                   '<circle cx="32" cy="32" r="28" fill="#6e49cb"/></svg>\n')
    config_schema = settings_schema(rng)
    manifest: dict = {
        "name": f"bench-{args.platform}-s{args.seed}",
        "version": "1.0.0",
        "displayName": f"Bench {args.platform} extension (seed {args.seed})",
        "description": f"Synthetic {args.platform} extension: {args.features} features, "
                       f"{args.lib_files} library modules, {args.views} view files.",
        "iconPath": "resources/icon.svg",
        "author": {"name": "extpack bench", "url": "https://extpack.example.com", "email": "bench@extpack.example.com"},
        "releaseNotesUrl": "https://extpack.example.com/bench/release-notes",
        "exchangeUrl": "https://www.adobeexchange.com/experiencecloud.details.100000.html",
        "viewBasePath": "src/view/",
        "platform": args.platform,
        "main": "src/lib/main.js",
        "configuration": {
            "viewPath": "configuration/configuration.html",
            "schema": config_schema,
            "transforms": [{"type": "function", "propertyPath": next(iter(config_schema["properties"])),
                            "parameters": ["value"]}],
        },
    }
    if web:
        manifest["hostedLibFiles"] = hosted
    for ftype, _ in types:
        manifest[ftype] = features[ftype]
    manifest["sharedModules"] = shared_modules
    if web:
        manifest["preprocessingVariables"] = [{"key": "benchEnvironment", "path": "settings.environment",
                                               "default": "production"}]
    tree.add("extension.json", json.dumps(manifest, indent=2) + "\n")
    tree.add("package.json", json.dumps({"name": manifest["name"], "version": "1.0.0", "private": True,
                                         "description": "Not packed."}, indent=2) + "\n")
    tree.add("README.md", f"# {manifest['displayName']}\n\nGenerated by bench/gen-extension.py; not packed.\n")

    # --- views: configuration + feature views, then assets up to the size budget ------
    css_path = "shared/css/view.css"
    view_files.insert(0, ("configuration/configuration.html", "Configuration", list(config_schema["properties"])))
    for path, title, fields in view_files:
        css = rel_request("src/view/" + path, "src/view/" + css_path, False)
        tree.add("src/view/" + path, feature_view(title, fields).replace("{CSS}", css))
    tree.add("src/view/.DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00", compressible=False)
    n_assets = args.views - len(view_files) - 1  # minus .DS_Store
    target = int(args.total_mb * MB)
    css_fixed = 1 if n_assets >= 1 else 0
    n_incomp = max(1, round(n_assets * 0.2)) if n_assets >= 3 else 0
    n_comp = n_assets - n_incomp - css_fixed
    remaining = max(0, target - tree.size())
    incomp_budget = max(0, min(int(target * 0.4) - tree.incompressible, remaining))
    comp_budget = max(0, remaining - incomp_budget)

    def asset_path(ext: str, idx: int) -> str:
        depth = rng.choice((1, 2, 2, 3, 4))
        parts = [rng.choice(VIEW_DIRS)] + [rng.choice(VIEW_SUBDIRS) for _ in range(depth - 1)]
        return "src/view/" + "/".join(parts) + f"/{rng.choice(WORDS)}-{idx:05d}.{ext}"

    # compressible text (the shared stylesheet first, at a fixed position)
    kinds_c = [k for k, n in zip(COMPRESSIBLE_KINDS, split_counts(n_comp, [s for _, _, s in COMPRESSIBLE_KINDS]))
               for _ in range(n)]
    rng.shuffle(kinds_c)
    sizes_c = distribute(rng, [1.0] * css_fixed + [w for _, w, _ in kinds_c], comp_budget, MIN_ASSET)
    idx = 0
    if css_fixed:
        tree.add("src/view/" + css_path, text_asset(rng, pools, "css", sizes_c[0], "view.css"))
        idx = 1
    for (ext, _, _), size in zip(kinds_c, sizes_c[idx:]):
        path = asset_path("js.map" if ext == "map" else ext, idx)
        tree.add(path, text_asset(rng, pools, ext, size, posixpath.basename(path)))
        idx += 1

    # incompressible bytes: one 5 MB image once the budget is large enough
    kinds_i = [k for k, n in zip(INCOMPRESSIBLE_KINDS, split_counts(n_incomp, [s for _, _, s in INCOMPRESSIBLE_KINDS]))
               for _ in range(n)]
    rng.shuffle(kinds_i)
    if kinds_i and incomp_budget >= 25 * MB:
        big = 5 * MB
        tree.add(asset_path("jpg", idx), binary_asset(rng, "jpg", big), compressible=False)
        idx += 1
        kinds_i = kinds_i[1:]
        incomp_budget -= big
    for (ext, _, _), size in zip(kinds_i, distribute(rng, [w for _, w, _ in kinds_i], incomp_budget, MIN_ASSET)):
        tree.add(asset_path(ext, idx), binary_asset(rng, ext, size), compressible=False)
        idx += 1


def minified_bundle(rng: random.Random, size: int) -> str:
    """A webpack/terser-shaped bundle of about `size` bytes on one line, valid ES2022 script code."""
    counter = [0]

    def fresh(prefix: str) -> str:
        counter[0] += 1
        return f"{prefix}{counter[0]}"

    def short() -> str:
        return rng.choice("abcdefghijklmnopqrsuvwxyz") + str(rng.randrange(40))

    def stmt(m: int) -> str:
        a, b, c = short(), short(), short()
        while c == b:
            c = short()
        w, w2 = rng.choice(WORDS), rng.choice(WORDS)
        n, n2 = rng.randrange(1, 5000), rng.randrange(1, 99)
        k = rng.randrange(22)
        if k == 0:
            return f"var {a}=n({rng.randrange(max(1, m))}),{b}={n};"
        if k == 1:
            return f"function {a}({b},{c}){{return {b}?{b}.{w}({c}):{c}*{n}}}"
        if k == 2:
            return (f't.{w}=function({a}){{return"string"==typeof {a}?{a}.replace(/[A-Z\\/]+/g,'
                    f'function({b}){{return"-"+{b}.toLowerCase()}}):{a}}};')
        if k == 3:
            cls = fresh("C")
            return (f"class {cls}{{constructor({a}){{this.{w}={a}}}get {w2}(){{return this.{w}?.{w2}??{n}}}"
                    f"static of({a}){{return new {cls}({a})}}}}")
        if k == 4:
            f, d = fresh("f"), fresh("d")
            return f"const {f}=async({b},{c})=>{{const {d}=await {b}.json();return {d}?.data||{c}}};"
        if k == 5:
            return f"var {a}=`${{{b}}}-${{{n}}}px ${{{c}?`in${{{c}}}`:\"\"}}`;"
        if k == 6:
            i = fresh("i")
            return f"for(let {i}=0;{i}<{a}.length;{i}++){{if({a}[{i}]===void 0)continue;{b}.push({a}[{i}])}}"
        if k == 7:
            return f"try{{{a}=JSON.parse({b})}}catch{{{a}=null}}"
        if k == 8:
            return f'var {a}="function"==typeof require&&require;'
        if k == 9:
            return f'var {a}={{...{b},{w}:{n},"{w2}-x":[1,2,{n2}],get v(){{return {n}}}}};'
        if k == 10:
            return f'switch({a}){{case {n}:{b}=1;break;case"{w}":{b}=2;break;default:{b}=0}}'
        if k == 11:
            return f"{a}={b}/{n}/2,{c}={a}/{n2};"
        if k == 12:
            return f"var {a}=/\\d+(?:\\.\\d+)?[/*]/.test({b});"
        if k == 13:
            return f"var {a}=[{n},{n2}].map({b}=>{b}*2).filter(Boolean);"
        if k == 14:
            return f"{a}=!0,{b}=!1;"
        if k == 15:
            return f'var {a}="he said \\"{w}\\" \\u00e9 \\x41 require(\'./{w2}\')";'
        if k == 16:
            return f"var {a}=function*(){{yield {n};yield*[{n2}]}};"
        if k == 17:
            return f"var {a}={b}?.[{n}]?.({c});"
        if k == 18:
            label = fresh("L")
            return f"{label}:for(var {a} in {b}){{if({a}){{continue {label}}}}}"
        if k == 19:
            return f"var {a}=0x{n:x}+1e3+.5+0b101+1_000;"
        if k == 20:
            return f"var {a}=new Promise(function({b}){{setTimeout({b},{n})}});"
        cls = fresh("P")
        return f"var {a}=class {cls} extends Array{{#p={n};m(){{return this.#p}}}};"

    head = ("!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,"
            "exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t,"
            "module.exports=n(0)}([")
    tail = "]);"
    modules: list[str] = []
    total = len(head) + len(tail)
    while total < size:
        m = len(modules)
        strict = '"use strict";' if rng.random() < 0.5 else ""
        body = []
        length = 0
        target = int(rng.lognormvariate(7.8, 0.5))
        while length < target:
            s = stmt(m)
            body.append(s)
            length += len(s)
        module = f"function(e,t,n){{{strict}{''.join(body)}}}"
        modules.append(module)
        total += len(module) + 1
    return head + ",".join(modules) + tail


def prepare_out_dir(out_dir: str, force: bool) -> None:
    if os.path.exists(out_dir):
        if not os.path.isdir(out_dir):
            raise SystemExit(f"gen-extension: {out_dir} exists and is not a directory")
        if os.listdir(out_dir):
            if not force:
                raise SystemExit(f"gen-extension: {out_dir} is not empty (use --force to replace a previous output)")
            if not os.path.isfile(os.path.join(out_dir, "extension.json")):
                raise SystemExit(f"gen-extension: refusing to clear {out_dir}: it holds no extension.json")
            shutil.rmtree(out_dir)
    os.makedirs(out_dir, exist_ok=True)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="Same arguments and seed give byte-identical output.")
    p.add_argument("out_dir", metavar="OUT_DIR", help="directory to create (must be missing or empty)")
    p.add_argument("--platform", choices=["web", "edge"], default="web")
    p.add_argument("--features", type=int, help=f"feature count (default {DEFAULTS['features']})")
    p.add_argument("--lib-files", type=int, help=f"library module count (default {DEFAULTS['lib_files']})")
    p.add_argument("--views", type=int, help=f"files under viewBasePath (default {DEFAULTS['views']})")
    p.add_argument("--total-mb", type=float, help=f"approximate total size in MB of 10^6 bytes (default {DEFAULTS['total_mb']:g})")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--typical", action="store_true",
                   help="preset: 20 features, 40 lib files, 60 views, 1 MB (explicit options win)")
    p.add_argument("--bundle-mb", type=float, default=0.0,
                   help="make src/lib/main.js a minified one-line bundle of about this many MB")
    p.add_argument("--force", action="store_true", help="replace OUT_DIR if it holds a previous output")
    args = p.parse_args(argv)
    base = TYPICAL if args.typical else DEFAULTS
    for key, value in base.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.features < 1 or args.lib_files < 1 or args.views < 1 or args.total_mb <= 0 or args.bundle_mb < 0:
        p.error("counts and size must be positive")
    # check the counts before touching OUT_DIR
    n_roots = args.features + min(3, max(1, args.features // 50)) + 1
    if args.lib_files <= n_roots:
        p.error(f"--lib-files must be more than {n_roots} (features + shared modules + main)")
    if args.views < args.features + 2:
        p.error(f"--views must be at least {args.features + 2} (one per feature, the configuration view and one asset)")
    prepare_out_dir(args.out_dir, args.force)
    tree = Tree(args.out_dir)
    generate(args, tree)
    tree.finish()
    total = tree.size()
    print(f"{args.out_dir}: {len(tree.files)} files, {total} bytes ({total / MB:.1f} MB; "
          f"{tree.compressible} compressible, {tree.incompressible} incompressible); "
          f"platform {args.platform}, {args.features} features, {args.lib_files} lib files, "
          f"{args.views} view files, seed {args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
