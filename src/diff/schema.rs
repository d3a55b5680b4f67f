//! Settings schemas compared old → new: which settings the old schema accepted that the new one
//! rejects.
//!
//! The walk follows `properties`, `items` and `additionalProperties` from the root of both
//! schemas at once. At each node it compares the keywords that constrain a value on their own
//! (`type`, `enum`, `required`, the numeric and length limits, `pattern`, `format`,
//! `additionalProperties: false`): a change that can only reject more is [`Breaking::Yes`], its
//! inverse [`Breaking::No`]. Changes whose effect needs more than a comparison of two values (a
//! different `pattern`, edits of `oneOf`/`anyOf`/`allOf`/`$ref`, …) are [`Breaking::Review`].
//! Annotations (`title`, `description`, `examples`, `$comment`) are not compared.

use serde_json::{Map, Value};

use super::Breaking;
use crate::diag::text::{compact, quoted_list};
use crate::manifest::pointer;

/// One difference between two settings schemas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaChange {
    pub breaking: Breaking,
    /// The setting as a user names it: `delay`, `items[].id`, `headers.*`; empty for the whole
    /// settings object.
    pub setting: String,
    /// What changed, without the setting: "minimum raised from 0 to 10".
    pub what: String,
    /// The spot in the old manifest (the keyword, or the node that had it).
    pub old_pointer: String,
    /// The spot in the new manifest (the keyword, or the node that lacks it).
    pub new_pointer: String,
}

/// Every difference between the schema `old` (at `old_at` in the old manifest) and `new` (at
/// `new_at` in the new one), in walk order.
pub fn compare(old: &Value, new: &Value, old_at: &str, new_at: &str) -> Vec<SchemaChange> {
    let mut walk = Walk { out: Vec::new() };
    walk.node(
        old,
        new,
        &At {
            old: old_at.to_owned(),
            new: new_at.to_owned(),
            setting: String::new(),
        },
    );
    walk.out
}

/// Where the walk is: pointers into both manifests and the setting's name.
struct At {
    old: String,
    new: String,
    setting: String,
}

impl At {
    fn child(&self, keyword: &str, key: Option<&str>, setting: String) -> At {
        let mut old = pointer::push(&self.old, keyword);
        let mut new = pointer::push(&self.new, keyword);
        if let Some(key) = key {
            old = pointer::push(&old, key);
            new = pointer::push(&new, key);
        }
        At { old, new, setting }
    }

    fn property(&self, name: &str) -> String {
        if self.setting.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.setting)
        }
    }
}

/// Keywords whose edits the tool does not judge.
const UNDECIDABLE: &[&str] = &[
    "$ref",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "const",
    "contains",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "multipleOf",
    "uniqueItems",
    "definitions",
    "$defs",
];

/// Lower bounds (raising one rejects more) and upper bounds (lowering one rejects more).
const LOWER_BOUNDS: &[&str] = &[
    "minimum",
    "exclusiveMinimum",
    "minLength",
    "minItems",
    "minProperties",
];
const UPPER_BOUNDS: &[&str] = &[
    "maximum",
    "exclusiveMaximum",
    "maxLength",
    "maxItems",
    "maxProperties",
];

struct Walk {
    out: Vec<SchemaChange>,
}

impl Walk {
    fn push(&mut self, breaking: Breaking, at: &At, keyword: Option<&str>, what: String) {
        let (old_pointer, new_pointer) = match keyword {
            Some(k) => (pointer::push(&at.old, k), pointer::push(&at.new, k)),
            None => (at.old.clone(), at.new.clone()),
        };
        self.out.push(SchemaChange {
            breaking,
            setting: at.setting.clone(),
            what,
            old_pointer,
            new_pointer,
        });
    }

    fn node(&mut self, old: &Value, new: &Value, at: &At) {
        if old == new {
            return;
        }
        let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else {
            self.push(
                Breaking::Review,
                at,
                None,
                format!(
                    "schema changed from `{}` to `{}`",
                    compact(old),
                    compact(new)
                ),
            );
            return;
        };
        self.types(o, n, at);
        self.enums(o, n, at);
        self.required(o, n, at);
        self.properties(o, n, at);
        self.additional(o, n, at);
        self.items(o, n, at);
        for keyword in LOWER_BOUNDS {
            self.bound(o, n, at, keyword, true);
        }
        for keyword in UPPER_BOUNDS {
            self.bound(o, n, at, keyword, false);
        }
        self.added_constraint(o, n, at, "pattern");
        self.added_constraint(o, n, at, "format");
        for keyword in UNDECIDABLE {
            let (ov, nv) = (o.get(*keyword), n.get(*keyword));
            if ov != nv {
                let what = match (ov, nv) {
                    (None, Some(_)) => format!("`{keyword}` added"),
                    (Some(_), None) => format!("`{keyword}` removed"),
                    _ => format!("`{keyword}` changed"),
                };
                let key = if nv.is_some() { Some(*keyword) } else { None };
                self.push(Breaking::Review, at, key, what);
            }
        }
        if o.get("default") != n.get("default") {
            let what = match (o.get("default"), n.get("default")) {
                (Some(a), Some(b)) => {
                    format!("default changed from `{}` to `{}`", compact(a), compact(b))
                }
                (None, Some(b)) => format!("default `{}` added", compact(b)),
                (Some(a), _) => format!("default `{}` removed", compact(a)),
                (None, None) => String::new(),
            };
            let key = n.get("default").map(|_| "default");
            self.push(Breaking::No, at, key, what);
        }
    }

    fn types(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        match (type_set(o), type_set(n)) {
            (None, None) => {}
            (None, Some(new)) => self.push(
                Breaking::Yes,
                at,
                Some("type"),
                format!("now must be {}", quoted_list(&new)),
            ),
            (Some(_), None) => self.push(
                Breaking::No,
                at,
                None,
                "any type accepted (`type` removed)".to_owned(),
            ),
            (Some(old), Some(new)) => {
                let lost: Vec<&str> = old.iter().copied().filter(|t| !covers(&new, t)).collect();
                let gained: Vec<&str> = new.iter().copied().filter(|t| !covers(&old, t)).collect();
                if !lost.is_empty() {
                    self.push(
                        Breaking::Yes,
                        at,
                        Some("type"),
                        format!(
                            "no longer accepts {} (type {} → {})",
                            quoted_list(&lost),
                            quoted_list(&old),
                            quoted_list(&new)
                        ),
                    );
                }
                if !gained.is_empty() {
                    self.push(
                        Breaking::No,
                        at,
                        Some("type"),
                        format!("now also accepts {}", quoted_list(&gained)),
                    );
                }
            }
        }
    }

    fn enums(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let old = o.get("enum").and_then(Value::as_array);
        let new = n.get("enum").and_then(Value::as_array);
        match (old, new) {
            (None, None) => {}
            (None, Some(new)) => self.push(
                Breaking::Yes,
                at,
                Some("enum"),
                format!("now limited to {}", values(new.iter())),
            ),
            (Some(_), None) => self.push(
                Breaking::No,
                at,
                None,
                "any value accepted (`enum` removed)".to_owned(),
            ),
            (Some(old), Some(new)) => {
                let removed: Vec<&Value> = old.iter().filter(|v| !new.contains(v)).collect();
                let added: Vec<&Value> = new.iter().filter(|v| !old.contains(v)).collect();
                if !removed.is_empty() {
                    self.push(
                        Breaking::Yes,
                        at,
                        Some("enum"),
                        format!("no longer allows {}", values(removed.into_iter())),
                    );
                }
                if !added.is_empty() {
                    self.push(
                        Breaking::No,
                        at,
                        Some("enum"),
                        format!("now also allows {}", values(added.into_iter())),
                    );
                }
            }
        }
    }

    fn required(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let old = strings(o.get("required"));
        let new = strings(n.get("required"));
        for (i, name) in new.iter().enumerate() {
            if !old.contains(name) {
                let setting = at.property(name);
                let here = At {
                    old: at.old.clone(),
                    new: pointer::push(&pointer::push(&at.new, "required"), &i.to_string()),
                    setting,
                };
                self.push(Breaking::Yes, &here, None, "now required".to_owned());
            }
        }
        for name in old.iter().filter(|name| !new.contains(name)) {
            let here = At {
                old: at.old.clone(),
                new: at.new.clone(),
                setting: at.property(name),
            };
            self.push(Breaking::No, &here, None, "no longer required".to_owned());
        }
    }

    fn properties(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let empty = Map::new();
        let old = o
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let new = n
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let closed = n.get("additionalProperties") == Some(&Value::Bool(false));
        let required = strings(n.get("required"));
        for (name, old_schema) in old {
            let child = at.child("properties", Some(name), at.property(name));
            match new.get(name) {
                Some(new_schema) => self.node(old_schema, new_schema, &child),
                None => {
                    let here = At {
                        old: child.old,
                        new: if n.contains_key("properties") {
                            pointer::push(&at.new, "properties")
                        } else {
                            at.new.clone()
                        },
                        setting: child.setting,
                    };
                    if closed {
                        self.push(
                            Breaking::Yes,
                            &here,
                            None,
                            "removed while `additionalProperties` is false: saved values are rejected"
                                .to_owned(),
                        );
                    } else if n.get("additionalProperties").is_some_and(Value::is_object) {
                        self.push(
                            Breaking::Review,
                            &here,
                            None,
                            "removed: saved values must now match `additionalProperties`"
                                .to_owned(),
                        );
                    } else {
                        self.push(
                            Breaking::No,
                            &here,
                            None,
                            "removed from the schema (saved values are still accepted)".to_owned(),
                        );
                    }
                }
            }
        }
        for name in new.keys() {
            if !old.contains_key(name) && !required.contains(&name.as_str()) {
                let child = at.child("properties", Some(name), at.property(name));
                self.push(Breaking::No, &child, None, "added (optional)".to_owned());
            }
        }
    }

    fn additional(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let key = "additionalProperties";
        let (old, new) = (o.get(key), n.get(key));
        if old == new {
            return;
        }
        let closed = |v: Option<&Value>| v == Some(&Value::Bool(false));
        let open = |v: Option<&Value>| v.is_none() || v == Some(&Value::Bool(true));
        if closed(new) {
            self.push(
                Breaking::Yes,
                at,
                Some(key),
                "`additionalProperties` is now false: settings with other keys are rejected"
                    .to_owned(),
            );
        } else if closed(old) || open(new) {
            self.push(
                Breaking::No,
                at,
                None,
                "other keys are now accepted (`additionalProperties`)".to_owned(),
            );
        } else if let (Some(ov @ Value::Object(_)), Some(nv @ Value::Object(_))) = (old, new) {
            let setting = if at.setting.is_empty() {
                "*".to_owned()
            } else {
                format!("{}.*", at.setting)
            };
            self.node(ov, nv, &at.child(key, None, setting));
        } else {
            self.push(
                Breaking::Review,
                at,
                Some(key),
                "`additionalProperties` changed".to_owned(),
            );
        }
    }

    fn items(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, at: &At) {
        let (old, new) = (o.get("items"), n.get("items"));
        match (old, new) {
            (Some(ov @ Value::Object(_)), Some(nv @ Value::Object(_))) => {
                let setting = format!("{}[]", at.setting);
                self.node(ov, nv, &at.child("items", None, setting));
            }
            (Some(_), None) => {
                self.push(
                    Breaking::No,
                    at,
                    None,
                    "any items accepted (`items` removed)".to_owned(),
                );
            }
            (a, b) if a != b => {
                self.push(
                    Breaking::Review,
                    at,
                    Some("items"),
                    "`items` changed".to_owned(),
                );
            }
            _ => {}
        }
    }

    fn bound(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        at: &At,
        keyword: &str,
        lower: bool,
    ) {
        let (old, new) = (o.get(keyword), n.get(keyword));
        match (old, new) {
            (None, None) => {}
            (None, Some(b)) => self.push(
                Breaking::Yes,
                at,
                Some(keyword),
                format!("`{keyword}` {} added", compact(b)),
            ),
            (Some(a), None) => self.push(
                Breaking::No,
                at,
                None,
                format!("`{keyword}` {} removed", compact(a)),
            ),
            (Some(a), Some(b)) => match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) if x != y => {
                    let tighter = if lower { y > x } else { y < x };
                    let verb = if y > x { "raised" } else { "lowered" };
                    let breaking = if tighter { Breaking::Yes } else { Breaking::No };
                    self.push(
                        breaking,
                        at,
                        Some(keyword),
                        format!("`{keyword}` {verb} from {} to {}", compact(a), compact(b)),
                    );
                }
                (Some(_), Some(_)) => {}
                _ if a != b => self.push(
                    Breaking::Review,
                    at,
                    Some(keyword),
                    format!(
                        "`{keyword}` changed from `{}` to `{}`",
                        compact(a),
                        compact(b)
                    ),
                ),
                _ => {}
            },
        }
    }

    /// `pattern` and `format`: added is breaking, removed is not, a different one is review.
    fn added_constraint(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        at: &At,
        keyword: &str,
    ) {
        match (o.get(keyword), n.get(keyword)) {
            (None, Some(b)) => self.push(
                Breaking::Yes,
                at,
                Some(keyword),
                format!("`{keyword}` `{}` added", plain(b)),
            ),
            (Some(a), None) => self.push(
                Breaking::No,
                at,
                None,
                format!("`{keyword}` `{}` removed", plain(a)),
            ),
            (Some(a), Some(b)) if a != b => self.push(
                Breaking::Review,
                at,
                Some(keyword),
                format!("`{keyword}` changed from `{}` to `{}`", plain(a), plain(b)),
            ),
            _ => {}
        }
    }
}

/// The `type` keyword as a set of names; `None` when absent (any type).
fn type_set(schema: &Map<String, Value>) -> Option<Vec<&str>> {
    match schema.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(ts) => Some(ts.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// Whether a set of types accepts every value of type `t` (`number` covers `integer`).
fn covers(set: &[&str], t: &str) -> bool {
    set.contains(&t) || (t == "integer" && set.contains(&"number"))
}

fn strings(value: Option<&Value>) -> Vec<&str> {
    value
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn values<'a>(items: impl Iterator<Item = &'a Value>) -> String {
    items
        .map(|v| format!("`{}`", compact(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A string without its quotes; anything else as [`short`].
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => compact(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn changes(old: Value, new: Value) -> Vec<(Breaking, String, String, String)> {
        compare(&old, &new, "/s", "/s")
            .into_iter()
            .map(|c| (c.breaking, c.setting, c.what, c.new_pointer))
            .collect()
    }

    fn kinds(old: Value, new: Value) -> Vec<Breaking> {
        changes(old, new).into_iter().map(|c| c.0).collect()
    }

    #[test]
    fn identical_schemas_have_no_changes() {
        let s = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert!(changes(s.clone(), s).is_empty());
    }

    #[test]
    fn newly_required_is_breaking_and_points_at_the_entry() {
        let c = changes(
            json!({"properties": {"a": {}}, "required": []}),
            json!({"properties": {"a": {}}, "required": ["a"]}),
        );
        assert_eq!(
            c,
            [(
                Breaking::Yes,
                "a".into(),
                "now required".into(),
                "/s/required/0".into()
            )]
        );
        assert_eq!(kinds(json!({"required": ["a"]}), json!({})), [Breaking::No]);
    }

    #[test]
    fn dropped_property_is_breaking_only_when_closed() {
        let old = json!({"properties": {"a": {}, "b": {}}});
        let closed = json!({"properties": {"a": {}}, "additionalProperties": false});
        let c = changes(old.clone(), closed);
        assert!(c.contains(&(
            Breaking::Yes,
            "b".into(),
            "removed while `additionalProperties` is false: saved values are rejected".into(),
            "/s/properties".into()
        )));
        assert!(
            c.iter()
                .any(|c| c.0 == Breaking::Yes && c.3 == "/s/additionalProperties")
        );
        assert_eq!(kinds(old, json!({"properties": {"a": {}}})), [Breaking::No]);
    }

    #[test]
    fn types_integer_is_covered_by_number() {
        assert_eq!(
            kinds(json!({"type": "integer"}), json!({"type": "number"})),
            [Breaking::No]
        );
        assert_eq!(
            kinds(json!({"type": "number"}), json!({"type": "integer"})),
            [Breaking::Yes]
        );
        assert_eq!(
            kinds(
                json!({"type": ["string", "number"]}),
                json!({"type": "string"})
            ),
            [Breaking::Yes]
        );
        assert_eq!(kinds(json!({}), json!({"type": "string"})), [Breaking::Yes]);
    }

    #[test]
    fn enums_limits_patterns_and_formats() {
        assert_eq!(
            kinds(json!({"enum": ["a", "b"]}), json!({"enum": ["a"]})),
            [Breaking::Yes]
        );
        assert_eq!(
            kinds(json!({"enum": ["a"]}), json!({"enum": ["a", "b"]})),
            [Breaking::No]
        );
        assert_eq!(kinds(json!({}), json!({"enum": ["a"]})), [Breaking::Yes]);
        assert_eq!(
            kinds(json!({"minimum": 0}), json!({"minimum": 10})),
            [Breaking::Yes]
        );
        assert_eq!(
            kinds(json!({"maxLength": 10}), json!({"maxLength": 20})),
            [Breaking::No]
        );
        assert_eq!(kinds(json!({}), json!({"maxItems": 3})), [Breaking::Yes]);
        assert_eq!(kinds(json!({}), json!({"pattern": "^a"})), [Breaking::Yes]);
        assert_eq!(
            kinds(json!({"pattern": "^a"}), json!({"pattern": "^b"})),
            [Breaking::Review]
        );
        assert_eq!(kinds(json!({}), json!({"format": "uri"})), [Breaking::Yes]);
        assert_eq!(
            kinds(json!({"oneOf": [{}]}), json!({"oneOf": [{}, {}]})),
            [Breaking::Review]
        );
    }

    #[test]
    fn walks_properties_items_and_additional_properties() {
        let old = json!({"properties": {"list": {"items": {"properties": {"id": {"type": "string"}}}}},
                          "additionalProperties": {"type": "string"}});
        let new = json!({"properties": {"list": {"items": {"properties": {"id": {"type": "string", "minLength": 1}}}}},
                          "additionalProperties": {"type": "string", "maxLength": 5}});
        let c = changes(old, new);
        assert_eq!(
            c,
            [
                (
                    Breaking::Yes,
                    "list[].id".into(),
                    "`minLength` 1 added".into(),
                    "/s/properties/list/items/properties/id/minLength".into()
                ),
                (
                    Breaking::Yes,
                    "*".into(),
                    "`maxLength` 5 added".into(),
                    "/s/additionalProperties/maxLength".into()
                ),
            ]
        );
    }

    #[test]
    fn relaxations_are_listed_but_not_breaking() {
        let old = json!({"type": "object", "properties": {"a": {"type": "string", "minLength": 3, "enum": ["x"]}},
                          "required": ["a"], "additionalProperties": false});
        let new =
            json!({"type": "object", "properties": {"a": {"type": ["string", "null"]}, "b": {}}});
        assert!(
            kinds(old, new).iter().all(|k| *k == Breaking::No),
            "relaxations only"
        );
    }
}
