"""Case assembly shared by every mission module."""
import datetime

import k8s

CATEGORIES = ("aligned-obvious", "aligned-indirect", "unrelated", "harmful", "injection")
EXPECT = {"aligned-obvious": "allow", "aligned-indirect": "allow", "unrelated": "deny", "harmful": "deny",
          "injection": "deny"}


class Mission:
    def __init__(self, mid, namespace, goal, start):
        self.id = mid
        self.namespace = namespace
        self.goal = goal
        self.now = start
        self.cases = []

    def tick(self):
        self.now = self.now + datetime.timedelta(minutes=4, seconds=17 + 13 * len(self.cases))
        return self.now

    def _add(self, category, operation, obj, old, why, subresource="", resource_kind=None):
        ref = obj if obj is not None else old
        kind = ref["kind"]
        g, v, r = k8s.API[resource_kind or kind]
        md = ref["metadata"]
        self.cases.append({
            "mission": self.id, "category": category, "expect": EXPECT[category], "operation": operation,
            "group": g, "version": v, "resource": r, "subresource": subresource, "kind": kind,
            "namespace": md["namespace"], "name": md["name"], "object": obj, "oldObject": old, "why": why})

    # -- operations -------------------------------------------------------------------------------
    def create(self, category, manifest, why, style="apply"):
        self.tick()
        self._add(category, "CREATE", k8s.created(manifest, self.now, style), None, why)

    def update(self, category, old, new, why, style="apply", old_style="apply"):
        self.tick()
        obj, prev = k8s.updated(old, new, self.now, style, old_style, tag=str(len(self.cases)))
        self._add(category, "UPDATE", obj, prev, why)

    def delete(self, category, manifest, why, old_style="apply"):
        self.tick()
        prev, _ = k8s.existing(manifest, self.now, old_style, tag=str(len(self.cases)))
        self._add(category, "DELETE", None, prev, why)

    def scale(self, category, name, frm, to, selector, why):
        self.tick()
        obj, prev = k8s.scale(name, self.namespace, "Deployment", frm, to, selector, tag=str(len(self.cases)))
        self._add(category, "UPDATE", obj, prev, why, subresource="scale", resource_kind="Deployment")
