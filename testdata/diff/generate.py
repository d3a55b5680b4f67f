#!/usr/bin/env python3
"""Writes the old/new fixture pairs of `extpack diff` and `check --against`.

Every case starts from BASE (version 1.0.0) as `old`; `new` is BASE with one edit. `old` holds
only extension.json (a release to compare with is read for its manifest alone); `new` is a
complete extension that passes `extpack check`. The trigger fixtures of EP601-EP608 under
testdata/checks/ copy a case's `new` and name its `old` in their `args` file.

    python3 testdata/diff/generate.py
"""
import copy
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CHECKS = ROOT.parent / "checks"

D4 = "http://json-schema.org/draft-04/schema#"

BASE = {
    "name": "fixture-extension",
    "version": "1.0.0",
    "displayName": "Fixture Extension",
    "description": "An extension used as a test fixture.",
    "author": {"name": "Jane Doe"},
    "viewBasePath": "src/view/",
    "platform": "web",
    "exchangeUrl": "https://www.adobeexchange.com/experiencecloud.details.100000.html",
    "configuration": {
        "viewPath": "configuration.html",
        "schema": {
            "$schema": D4,
            "type": "object",
            "properties": {"accountId": {"type": "string"}},
        },
    },
    "actions": [
        {
            "name": "send-beacon",
            "displayName": "Send Beacon",
            "libPath": "src/lib/actions/sendBeacon.js",
            "viewPath": "actions/sendBeacon.html",
            "schema": {
                "$schema": D4,
                "type": "object",
                "properties": {
                    "url": {"type": "string"},
                    "delay": {"type": "integer", "minimum": 0, "maximum": 10000},
                    "method": {"type": "string", "enum": ["GET", "POST"]},
                    "label": {"type": "string", "maxLength": 100},
                    "callback": {"type": "string"},
                    "headers": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
                        },
                    },
                },
                "required": ["url"],
            },
            "transforms": [{"type": "function", "propertyPath": "callback", "parameters": ["event"]}],
        },
        {
            "name": "log-message",
            "displayName": "Log Message",
            "libPath": "src/lib/actions/logMessage.js",
            "viewPath": "actions/logMessage.html",
            "schema": {
                "$schema": D4,
                "type": "object",
                "properties": {"message": {"type": "string"}},
                "additionalProperties": False,
            },
        },
    ],
    "dataElements": [
        {
            "name": "cookie",
            "displayName": "Cookie",
            "libPath": "src/lib/dataElements/cookie.js",
            "viewPath": "dataElements/cookie.html",
            "schema": {"$schema": D4, "type": "object", "properties": {"name": {"type": "string"}}},
        }
    ],
    "sharedModules": [{"name": "tracker", "libPath": "src/lib/sharedModules/tracker.js"}],
}


def beacon(m):
    return m["actions"][0]["schema"]["properties"]


def log_schema(m):
    return m["actions"][1]["schema"]


def edit(fn, version="1.1.0"):
    def apply(m):
        fn(m)
        m["version"] = version
    return apply


def remove_feature(m):
    del m["actions"][1]


def remove_shared(m):
    del m["sharedModules"]


def remove_configuration(m):
    del m["configuration"]


def newly_required(m):
    m["actions"][0]["schema"]["required"] = ["url", "method"]


def dropped_closed(m):
    del log_schema(m)["properties"]["message"]
    log_schema(m)["properties"]["text"] = {"type": "string"}


def newly_closed(m):
    m["dataElements"][0]["schema"]["additionalProperties"] = False


def type_narrowed(m):
    beacon(m)["url"]["type"] = "object"


def enum_removed(m):
    beacon(m)["method"]["enum"] = ["POST"]


def enum_added(m):
    beacon(m)["url"]["enum"] = ["https://example.com"]


def minimum_raised(m):
    beacon(m)["delay"]["minimum"] = 100


def max_lowered(m):
    beacon(m)["label"]["maxLength"] = 20


def pattern_added(m):
    beacon(m)["url"]["pattern"] = "^https://"


def format_added(m):
    m["configuration"]["schema"]["properties"]["accountId"]["format"] = "uuid"


def nested(m):
    beacon(m)["headers"]["items"]["required"] = ["name"]


def review(m):
    beacon(m)["label"]["pattern"] = "^[a-z]+$"
    m["actions"][0]["schema"]["properties"]["label"] = {
        "type": "string",
        "maxLength": 100,
        "oneOf": [{"minLength": 1}, {"maxLength": 0}],
    }


def transform_changed(m):
    m["actions"][0]["transforms"][0]["parameters"] = ["event", "settings"]


def transform_removed(m):
    del m["actions"][0]["transforms"]


def compatible(m):
    m["displayName"] = "Fixture Extension Plus"
    m["actions"][0]["displayName"] = "Send a Beacon"
    beacon(m)["method"]["enum"] = ["GET", "POST", "PUT"]
    beacon(m)["delay"]["maximum"] = 60000
    beacon(m)["delay"]["type"] = "number"
    beacon(m)["label"]["minLength"] = 0
    del beacon(m)["label"]["minLength"]
    beacon(m)["retries"] = {"type": "integer"}
    del m["actions"][0]["schema"]["required"]
    m["dataElements"].append(
        {
            "name": "local-storage",
            "displayName": "Local Storage",
            "libPath": "src/lib/dataElements/cookie.js",
            "viewPath": "dataElements/cookie.html",
            "schema": {"$schema": D4, "type": "object"},
        }
    )


def release(m):
    """Many changes at once, for the output snapshots."""
    remove_feature(m)
    newly_required(m)
    minimum_raised(m)
    enum_added(m)
    review(m)
    transform_changed(m)
    m["actions"][0]["displayName"] = "Send a Beacon"
    beacon(m)["retries"] = {"type": "integer"}
    m["sharedModules"].append({"name": "queue", "libPath": "src/lib/sharedModules/tracker.js"})


def major(m):
    remove_feature(m)


def identity(m):
    m["name"] = "another-extension"


# case: (edit of new, its version, old version)
CASES = {
    "feature-removed": (remove_feature, "1.1.0", "1.0.0"),
    "shared-module-removed": (remove_shared, "1.1.0", "1.0.0"),
    "configuration-removed": (remove_configuration, "1.1.0", "1.0.0"),
    "settings-required": (newly_required, "1.1.0", "1.0.0"),
    "settings-dropped-closed": (dropped_closed, "1.1.0", "1.0.0"),
    "settings-closed": (newly_closed, "1.1.0", "1.0.0"),
    "settings-type": (type_narrowed, "1.1.0", "1.0.0"),
    "settings-enum-removed": (enum_removed, "1.1.0", "1.0.0"),
    "settings-enum-added": (enum_added, "1.1.0", "1.0.0"),
    "settings-minimum": (minimum_raised, "1.1.0", "1.0.0"),
    "settings-max-length": (max_lowered, "1.1.0", "1.0.0"),
    "settings-pattern": (pattern_added, "1.1.0", "1.0.0"),
    "settings-format": (format_added, "1.1.0", "1.0.0"),
    "settings-nested": (nested, "1.1.0", "1.0.0"),
    "settings-review": (review, "1.1.0", "1.0.0"),
    "transform-changed": (transform_changed, "1.0.1", "1.0.0"),
    "transform-removed": (transform_removed, "1.0.1", "1.0.0"),
    "major-bump": (major, "2.0.0", "1.0.0"),
    "zero-minor-bump": (major, "0.3.0", "0.2.5"),
    "zero-patch-bump": (major, "0.2.6", "0.2.5"),
    "version-not-greater": (lambda m: None, "1.0.0", "1.0.0"),
    "compatible": (compatible, "1.1.0", "1.0.0"),
    "release": (release, "1.1.0", "1.0.0"),
    "different-extension": (identity, "1.1.0", "1.0.0"),
}

# code: (case of the trigger, case of the near miss)
FIXTURES = {
    "EP601": ("feature-removed", "compatible"),
    "EP602": ("shared-module-removed", "compatible"),
    "EP603": ("configuration-removed", "compatible"),
    "EP604": ("settings-minimum", "compatible"),
    "EP605": ("settings-review", "compatible"),
    "EP606": ("transform-changed", "compatible"),
    "EP607": ("feature-removed", "major-bump"),
    "EP608": ("version-not-greater", "compatible"),
}


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def extension(folder, manifest, full):
    if folder.exists():
        shutil.rmtree(folder)
    write(folder / "extension.json", json.dumps(manifest, indent=2) + "\n")
    if not full:
        return
    paths = []
    for kind in ["actions", "dataElements", "sharedModules"]:
        for item in manifest.get(kind, []):
            paths.append(("lib", item["libPath"]))
            if "viewPath" in item:
                paths.append(("view", manifest["viewBasePath"] + item["viewPath"]))
    if "configuration" in manifest:
        paths.append(("view", manifest["viewBasePath"] + manifest["configuration"]["viewPath"]))
    for kind, path in sorted(set(paths)):
        if kind == "lib":
            write(folder / path, "'use strict';\n\nmodule.exports = function (settings) {\n  return settings;\n};\n")
        else:
            write(folder / path, "<!doctype html>\n<html><body></body></html>\n")


# The previous release of the "release" case as the Reactor API returns it (see
# ../shared/seeds: "Look up an extension package"): top-level attributes in snake_case,
# delegates as the manifest wrote them with an `id`, and the API's own keys.
API = ROOT / "release" / "api"
API_URL = "https://reactor.adobe.io/extension_packages"


def snake(key):
    return "".join("_" + c.lower() if c.isupper() else c for c in key)


def api_package(manifest, number, availability, status="succeeded"):
    attributes = {
        "availability": availability,
        "cdn_path": f"https://assets.adobedtm.com/extensions/EP{number:032x}",
        "created_at": "2024-01-0%dT10:00:00.000Z" % (number % 9 + 1),
        "discontinued": False,
        "owner_org_id": "0123456789ABCDEF01234567@AdobeOrg",
        "resources": None,
        "status": status,
        "updated_at": "2024-01-0%dT10:05:00.000Z" % (number % 9 + 1),
        "main": None,
        "hosted_lib_files": None,
        "configuration": None,
        "shared_modules": None,
    }
    for key, value in manifest.items():
        if key in ("events", "conditions", "actions", "dataElements"):
            value = [
                dict({"id": f"{manifest['name']}::{key}::{item['name']}"}, **item) for item in value
            ]
        attributes[snake(key)] = value
    return {
        "id": f"EP{number:032x}",
        "type": "extension_packages",
        "attributes": dict(sorted(attributes.items())),
        "links": {"self": f"{API_URL}/EP{number:032x}"},
    }


def listing(items, page=1, pages=1, total=None):
    return {
        "data": items,
        "links": {"self": f"{API_URL}/EP{1:032x}/versions?page[number]={page}"},
        "meta": {
            "pagination": {
                "current_page": page,
                "next_page": page + 1 if page < pages else None,
                "prev_page": page - 1 if page > 1 else None,
                "total_pages": pages,
                "total_count": total if total is not None else len(items),
            }
        },
    }


def api_responses(old, new):
    """The "release" case's old version (1.0.0) in every form of saved response, with other
    packages around it that must not be chosen: 1.1.0 in development (as new), 1.0.1 that
    failed, 0.9.0 released before (without the log-message action)."""
    if API.exists():
        shutil.rmtree(API)
    older = copy.deepcopy(old)
    older["version"] = "0.9.0"
    del older["actions"][1]
    failed = copy.deepcopy(new)
    failed["version"] = "1.0.1"
    other = copy.deepcopy(BASE)
    other["name"] = "other-extension"
    other["version"] = "3.0.0"
    released = api_package(old, 1, "public")
    development = api_package(new, 4, "development")
    failing = api_package(failed, 3, "private", "failed")
    before = api_package(older, 2, "private")
    responses = {
        "lookup.json": {"data": released},
        "versions.json": listing([development, failing, released, before]),
        "versions.page-1.json": listing([development, failing], 1, 2, 4),
        "versions.page-2.json": listing([released, before], 2, 2, 4),
        "packages.json": {
            "data": [api_package(other, 5, "public"), development, released],
            "meta": {"pagination": {"current_page": 1, "next_page": None, "prev_page": None,
                                    "total_pages": 1, "total_count": 3}},
        },
        "unreleased.json": listing(
            [development, failing, api_package(dict(other, version="3.1.0"), 6, "development")]
        ),
        "other-extension.json": listing([api_package(other, 5, "public")]),
    }
    for name, response in responses.items():
        write(API / name, json.dumps(response, indent=2) + "\n")


def main():
    built = {}
    for case, (fn, new_version, old_version) in CASES.items():
        old = copy.deepcopy(BASE)
        old["version"] = old_version
        new = copy.deepcopy(BASE)
        fn(new)
        new["version"] = new_version
        extension(ROOT / case / "old", old, full=False)
        extension(ROOT / case / "new", new, full=True)
        built[case] = new
        if case == "release":
            api_responses(old, new)
    for code, (trigger, near_miss) in FIXTURES.items():
        for kind, case in [("trigger", trigger), ("near-miss", near_miss)]:
            folder = CHECKS / code / kind
            extension(folder, built[case], full=True)
            write(folder / "args", f"--against\ntestdata/diff/{case}/old\n")


if __name__ == "__main__":
    main()
