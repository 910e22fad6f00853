#!/usr/bin/env python3
"""Functions over N lines in product code (tests and #[cfg(test)] modules excluded)."""
import os, re, sys
roots = sys.argv[1:-1] if len(sys.argv) > 2 else sys.argv[1:]
limit = 60
out = []
for src in roots:
  for root, _, files in os.walk(src):
    if '/tests' in root or root.endswith('tests'): continue
    for f in files:
        if not f.endswith('.rs') or f.endswith('tests.rs'): continue
        p = os.path.join(root, f)
        lines = open(p).read().split('\n')
        # cut at cfg(test)
        for k, l in enumerate(lines):
            if l.startswith('#[cfg(test)]'):
                lines = lines[:k]; break
        k = 0
        while k < len(lines):
            m = re.match(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?fn\s+(\w+)', lines[k])
            if m:
                ind = m.group(1)
                # find end: line == ind + '}'
                j = k
                while j < len(lines) and not (lines[j] == ind + '}' or (lines[j].rstrip().endswith(';') and j == k)):
                    j += 1
                n = j - k + 1
                if n > limit: out.append((n, p, k + 1, m.group(6)))
            k += 1
out.sort(reverse=True)
for n, p, l, name in out: print(f'{n:4} {p}:{l} {name}')
print('count', len(out))
