//! Route groups: LLMRoutes that claim the same requests by hosts, paths and headers (they may
//! differ by model only). Filters before model-router cannot see the model, so a group is the
//! finest unit they can tell apart; each group becomes one rule of every filter's
//! `{default, rules}` config, in the same order everywhere, and the group that claims every
//! request becomes `default`.
//!
//! Order (first match wins, as in the filters): exact paths before prefixes, longer prefixes
//! first, then named hosts before wildcards, then more headers first; ties by the oldest route
//! of the group, then namespace/name.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use llm_filters_core::RouteMatch;

use crate::crd::route::{PathMatchType, RequestMatch};

use super::backends::AcceptedRoute;
use super::status::{ObjectKey, ObjectStatus};

/// The part of a route's match that every filter can evaluate (no model).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupMatch {
    pub hosts: Vec<String>,
    pub paths: Vec<PathRule>,
    /// Lower-case name to exact value.
    pub headers: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PathRule {
    pub exact: bool,
    pub value: String,
}

impl GroupMatch {
    pub fn from_crd(m: Option<&RequestMatch>) -> Self {
        let Some(m) = m else {
            return GroupMatch::default();
        };
        let mut hosts = m.hosts.clone();
        hosts.sort();
        hosts.dedup();
        let mut paths: Vec<PathRule> = m
            .paths
            .iter()
            .map(|p| PathRule {
                exact: p.kind == PathMatchType::Exact,
                value: p.value.clone(),
            })
            .collect();
        paths.sort();
        paths.dedup();
        GroupMatch {
            hosts,
            paths,
            headers: m
                .headers
                .iter()
                .map(|h| (h.name.clone(), h.value.clone()))
                .collect(),
        }
    }

    /// Matches every request.
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty() && self.paths.is_empty() && self.headers.is_empty()
    }

    /// The same match in the filters' `RouteMatch` (a prefix is written `/v1/*`).
    pub fn route_match(&self) -> RouteMatch {
        RouteMatch {
            hosts: self.hosts.clone(),
            paths: self
                .paths
                .iter()
                .map(|p| {
                    if p.exact {
                        p.value.clone()
                    } else {
                        format!("{}*", p.value)
                    }
                })
                .collect(),
            methods: Vec::new(),
            headers: self.headers.clone(),
            route_name: None,
        }
    }

    /// Larger is more specific.
    fn specificity(&self) -> (usize, u8, usize) {
        let path = self
            .paths
            .iter()
            .map(|p| {
                if p.exact {
                    1_000_000 + p.value.len()
                } else {
                    1 + p.value.len()
                }
            })
            .max()
            .unwrap_or(0);
        let host = if self.hosts.is_empty() {
            0
        } else if self.hosts.iter().any(|h| !h.starts_with('*')) {
            2
        } else {
            1
        };
        (path, host, self.headers.len())
    }
}

/// Routes claiming the same requests, oldest first.
#[derive(Debug, Clone)]
pub struct Group {
    pub matcher: GroupMatch,
    /// Indexes into the accepted routes, oldest first.
    pub routes: Vec<AcceptedRoute>,
    /// `route-<n>`: the group's position, for names in rendered objects.
    pub id: String,
}

impl Group {
    /// Keeps the routes still accepted (a later check may reject one); `None` when none is left.
    pub fn retain_accepted(mut self, statuses: &BTreeMap<ObjectKey, ObjectStatus>) -> Option<Self> {
        self.routes
            .retain(|r| statuses.get(&r.key).is_some_and(ObjectStatus::is_ok));
        (!self.routes.is_empty()).then_some(self)
    }

    pub fn keys(&self) -> impl Iterator<Item = &ObjectKey> {
        self.routes.iter().map(|r| &r.key)
    }
}

pub(super) fn group(routes: &[AcceptedRoute]) -> Vec<Group> {
    let mut by_match: BTreeMap<GroupMatch, Vec<AcceptedRoute>> = BTreeMap::new();
    for r in routes {
        by_match
            .entry(GroupMatch::from_crd(r.route.spec.matches.as_ref()))
            .or_default()
            .push(r.clone());
    }
    let mut groups: Vec<Group> = by_match
        .into_iter()
        .map(|(matcher, mut routes)| {
            routes.sort_by_key(AcceptedRoute::age_key);
            Group {
                matcher,
                routes,
                id: String::new(),
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        let oldest = |g: &Group| g.routes.first().map(AcceptedRoute::age_key);
        Reverse(a.matcher.specificity())
            .cmp(&Reverse(b.matcher.specificity()))
            .then_with(|| oldest(a).cmp(&oldest(b)))
    });
    for (i, g) in groups.iter_mut().enumerate() {
        g.id = format!("route-{i}");
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(paths: &[(&str, bool)], hosts: &[&str], headers: &[(&str, &str)]) -> GroupMatch {
        GroupMatch {
            hosts: hosts.iter().map(|s| s.to_string()).collect(),
            paths: paths
                .iter()
                .map(|(v, exact)| PathRule {
                    exact: *exact,
                    value: v.to_string(),
                })
                .collect(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn more_specific_matches_sort_first() {
        let exact = m(&[("/v1/x", true)], &[], &[]);
        let long = m(&[("/v1/", false)], &[], &[]);
        let short = m(&[("/", false)], &[], &[]);
        let host = m(&[], &["api.example.com"], &[]);
        let wild = m(&[], &["*.example.com"], &[]);
        let header = m(&[], &[], &[("x-team", "a")]);
        let all = GroupMatch::default();
        let mut v = [&all, &header, &wild, &host, &short, &long, &exact];
        v.sort_by_key(|g| Reverse(g.specificity()));
        assert_eq!(v, [&exact, &long, &short, &host, &wild, &header, &all]);
    }

    #[test]
    fn prefixes_become_star_paths() {
        let rm = m(&[("/v1/", false), ("/x", true)], &[], &[]).route_match();
        assert_eq!(rm.paths, vec!["/v1/*", "/x"]);
    }
}
