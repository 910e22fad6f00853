#!/usr/bin/env python3
"""Top-level module import graph of a crate's src, its strongly connected components, and long functions."""
import os, re, sys, collections
src = sys.argv[1]
crate_mod = {}
edges = collections.defaultdict(set)
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith('.rs'): continue
        p = os.path.join(root, f); rel = os.path.relpath(p, src)
        parts = rel.split(os.sep)
        top = parts[0][:-3] if len(parts) == 1 else parts[0]
        if top in ('lib', 'main'): continue
        text = open(p).read()
        # strip test modules crudely
        text = re.split(r'#\[cfg\(test\)\]\s*mod tests\s*\{', text)[0]
        # Doc links are not imports: only code lines count.
        text = '\n'.join(l for l in text.split('\n') if not l.strip().startswith('//'))
        for m in re.finditer(r'crate::(\w+)', text):
            t = m.group(1)
            if t != top: edges[top].add(t)
        # use crate::{a, b::..}
        for m in re.finditer(r'crate::\{([^;]*?)\};', text, re.S):
            for t in re.findall(r'(?:^|[\s,{])(\w+)(?=::|\s*[,}]|$)', m.group(1)):
                if t != top and t not in ('self',): edges[top].add(t)
nodes = set(edges) | {t for v in edges.values() for t in v}
mods = {n for n in nodes if os.path.exists(os.path.join(src, n)) or os.path.exists(os.path.join(src, n + '.rs'))}
# tarjan
index = {}; low = {}; st = []; on = set(); sccs = []; i = [0]
def sc(v):
    index[v] = low[v] = i[0]; i[0] += 1; st.append(v); on.add(v)
    for w in edges.get(v, ()):
        if w not in mods: continue
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = st.pop(); on.discard(w); c.append(w)
            if w == v: break
        sccs.append(c)
sys.setrecursionlimit(10000)
for v in sorted(mods):
    if v not in index: sc(v)
cyc = [sorted(c) for c in sccs if len(c) > 1]
print('modules:', len(mods))
print('cycles:', cyc if cyc else 'none')
if '-v' in sys.argv:
    for a in sorted(mods):
        print(' ', a, '->', sorted(t for t in edges.get(a, ()) if t in mods))
