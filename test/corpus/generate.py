"""Regenerates the hostile-input corpus (python3 generate.py). The files are committed; this documents them."""
import json, os, struct, zlib

def w(path, data, mode='w'):
    os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    with open(path, mode) as f:
        f.write(data)

# ---- contract payloads: [method, input] pairs a hostile client might send
contract = [
  ["app.info", {"__proto__": {"polluted": True}}],
  ["app.info", None], ["app.info", []], ["app.info", "string"], ["app.info", 1e308],
  ["experiments.get", {"id": {"$gt": ""}}],
  ["experiments.get", {"id": "' OR 1=1 --"}],
  ["experiments.get", {"id": "../../../etc/passwd"}],
  ["experiments.get", {"id": "x" * 100000}],
  ["experiments.get", {"id": "\u0000"}],
  ["experiments.rename", {"id": "a", "name": "\u202e\u0000" * 50}],
  ["experiments.create", {"name": "empty", "datasetId": "builtin:mnist", "graph": {"nodes": [], "edges": []}}],
  ["experiments.create", {"name": "x", "datasetId": "builtin:mnist", "graph": {"nodes": [{"id": "a", "kind": "Dense", "name": "a", "params": {"units": 1e12}}], "edges": []}}],
  ["experiments.create", {"name": "x", "datasetId": "builtin:mnist", "graph": {"nodes": [{"id": "a", "kind": "Dense", "name": "a", "params": {"units": -1}}], "edges": [{"id": "e", "source": "a", "target": "a"}]}}],
  ["experiments.create", {"name": "x", "datasetId": "builtin:mnist", "graph": {"nodes": [{"id": "__proto__", "kind": "InputImage", "name": "constructor", "params": {"height": 28, "width": 28, "channels": 1}}], "edges": []}, "hyperparams": {"epochs": 1e9, "batchSize": 0}}],
  ["experiments.create", {"name": "x", "datasetId": "builtin:mnist", "graph": {"nodes": [{"id": "i", "kind": "InputImage", "name": "i", "params": {"height": 100000, "width": 100000, "channels": 3}}, {"id": "o", "kind": "Output", "name": "o", "params": {"classes": 10}}], "edges": [{"id": "e", "source": "i", "target": "o"}]}}],
  ["experiments.saveModel", {"id": "a", "directory": "relative/path"}],
  ["experiments.compare", {"ids": ["a"] * 10000}],
  ["experiments.update", {"id": "a", "tags": ["t"] * 1000}],
  ["experiments.repeat", {"id": "a", "seeds": [-1, 2**53]}],
  ["training.start", {"id": "does-not-exist"}],
  ["training.resume", {"id": ""}],
  ["datasets.preview", {"versionId": "builtin:mnist@1", "offset": -1, "limit": 1e9}],
  ["datasets.importCsv", {"path": "", "name": "x", "label": "y"}],
  ["datasets.importCsv", {"path": "/dev/zero", "name": "x", "label": "y", "columns": {"__proto__": {"role": "ignore"}}}],
  ["datasets.cancelImport", {"importId": "../../x"}],
  ["serving.start", {"id": "a", "port": 70000}],
  ["serving.start", {"id": "a", "port": -1}],
  ["models.importTfjs", {"directory": "/", "name": "root"}],
  ["sweeps.create", {}],
  ["nope.nothing", {}], ["__proto__", {}], ["constructor", {}], ["toString", {}], ["hasOwnProperty", {}],
]
w('contract/payloads.json', json.dumps(contract, indent=1))
w('contract/deep-nesting.json', '["experiments.get", ' + '{"x":' * 5000 + '{}' + '}' * 5000 + ']')

# ---- graph files for parseGraphFile
def g(nodes, edges=(), version=1, layout=None):
    return json.dumps({"format": "layerlab-graph", "version": version, "graph": {"nodes": nodes, "edges": list(edges)}, "layout": layout or {"positions": {}}})
dense = lambda i, **p: {"id": i, "kind": "Dense", "name": i, "params": p}
graphs = {
  'empty.txt': '',
  'not-json.txt': '{"format": "layerlab-graph", ',
  'bom.json': '\ufeff' + g([]),
  'array.json': '[]', 'null.json': 'null', 'number.json': '1e999',
  'newer-version.json': g([], version=999),
  'unknown-kind.json': g([{"id": "a", "kind": "EvalLayer", "name": "a", "params": {}}]),
  'proto-params.json': '{"format":"layerlab-graph","version":1,"graph":{"nodes":[{"id":"a","kind":"Dense","name":"a","params":{"__proto__":{"units":3},"constructor":{"prototype":{"x":1}}}}],"edges":[]},"layout":{"positions":{}}}',
  'dangling-edges.json': g([dense("a", units=3)], [{"id": "e", "source": "a", "target": "zz"}, {"id": "e", "source": "q", "target": "a"}]),
  'self-loop.json': g([dense("a", units=3)], [{"id": "e", "source": "a", "target": "a"}]),
  'duplicate-ids.json': g([dense("a")] * 50),
  'bad-positions.json': g([dense("a")], layout={"positions": {"a": {"x": "NaN", "y": None}, "ghost": {"x": 1, "y": 2}}}),
  'huge-name.json': g([{"id": "a", "kind": "Dense", "name": "n" * 200000, "params": {}}]),
  'cycle.json': g([dense(c, units=2) for c in "abc"], [{"id": f"e{i}", "source": s, "target": t} for i, (s, t) in enumerate([("a", "b"), ("b", "c"), ("c", "a")])]),
  'deep-nesting.json': '{"graph":' * 20000 + '{}' + '}' * 20000,
  'long-chain.json': g([dense(f"n{i}", units=4) for i in range(3000)], [{"id": f"e{i}", "source": f"n{i}", "target": f"n{i+1}"} for i in range(2999)]),
}
for name, text in graphs.items():
    w(f'graphs/{name}', text)

# ---- model folders for loadModelFiles / models.importTfjs
topo = {"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"units": 2, "batch_input_shape": [None, 3], "name": "d"}}]}}
spec = [{"name": "d/kernel", "shape": [3, 2], "dtype": "float32"}, {"name": "d/bias", "shape": [2], "dtype": "float32"}]
def model(dirname, paths, weights=spec, extra=None, raw=None):
    m = {"modelTopology": topo, "format": "layers-model", "weightsManifest": [{"paths": paths, "weights": weights}]}
    if extra:
        m.update(extra)
    w(f'models/{dirname}/model.json', raw if raw is not None else json.dumps(m))
    w(f'models/{dirname}/weights.bin', struct.pack('<8f', *range(8)), 'wb')
model('dotdot', ['../secret.bin'])
model('dotdot-nested', ['sub/../../../../etc/passwd'])
model('absolute', ['/etc/passwd'])
model('backslash', ['..\\secret.bin'])
model('null-byte', ['weights.bin\u0000.txt'])
model('missing-weights', ['nope.bin'])
model('short-weights', ['weights.bin'], [{"name": "d/kernel", "shape": [300, 200], "dtype": "float32"}])
model('not-json', ['weights.bin'], raw='{"modelTopology": ')
model('manifest-not-array', ['weights.bin'], extra={"weightsManifest": {"paths": "weights.bin"}})
model('paths-not-strings', [{"toString": "x"}, 7])
model('folder-as-path', ['.'])
model('valid', ['weights.bin'])
w('models/secret.bin', 'this file sits outside every model folder and must never be read\n')

# ---- CSVs for inspectCsv / importCsv
csv = {
  'empty.csv': '', 'header-only.csv': 'a,b,label\n', 'one-row.csv': 'a,label\n1,x\n',
  'bom.csv': '\ufeffa,b,label\n1,2,x\n3,4,y\n',
  'unbalanced-quotes.csv': 'a,label\n"1,2,x\n3,"y\n"',
  'ragged.csv': 'a,b,label\n1\n1,2,3,4,5\n,,\n',
  'nul-bytes.csv': 'a,label\n1\u0000,x\n2,y\u0000\n',
  'formula-injection.csv': 'a,label\n=cmd|"/c calc"!A1,x\n+1,y\n@SUM(1),x\n',
  'mixed-delims.csv': 'a;b\tc,label\n1;2\t3,x\n',
  'duplicate-headers.csv': 'a,a,a,label\n1,2,3,x\n4,5,6,y\n',
  'proto-headers.csv': '__proto__,constructor,label\n1,2,x\n3,4,y\n5,6,x\n',
  'numbers.csv': 'a,label\n1e309,x\n-1e309,y\nNaN,x\nInfinity,y\n0x10,x\n',
  'one-class.csv': 'a,label\n1,x\n2,x\n3,x\n',
  'crlf-mixed.csv': 'a,label\r\n1,x\r2,y\n3,x\r\n',
  'unicode.csv': '\u00f1ame,l\u00e4bel\n\u202e1,\U0001F600\n2,\u0000y\n',
}
for name, text in csv.items():
    w(f'csv/{name}', text)
w('csv/binary.csv', bytes(range(256)) * 64, 'wb')
w('csv/utf16.csv', '\ufeffa,label\n1,x\n2,y\n'.encode('utf-16-le'), 'wb')

# ---- realistic tables for the import defaults (inspect and import must agree on them too)
import csv as _csv, io, random
def table(path, header, rows):
    buf = io.StringIO()
    out = _csv.writer(buf, lineterminator='\n')
    out.writerow(header)
    out.writerows(rows)
    w(path, buf.getvalue())
# Palmer penguins as vega-datasets ships them: missing cells, two categoricals, the label first, "Sex" last.
here = os.path.dirname(os.path.abspath(__file__))
peng = json.load(open(os.path.join(here, '..', '..', 'node_modules', 'vega-datasets', 'data', 'penguins.json')))
cols = list(peng[0].keys())
table('csv/penguins.csv', cols, [['' if r[c] is None else r[c] for c in cols] for r in peng])
# Orders with a date, an id, a 30-city column and five imbalanced classes (50/25/12/8/5 %).
rnd = random.Random(7)
classes = ['bronze', 'silver', 'gold', 'platinum', 'diamond']
rows = []
for i in range(600):
    k = rnd.choices(range(5), weights=[50, 25, 12, 8, 5])[0]
    day = 1 + (i * 37) % 365
    date = '2023-%02d-%02d' % (1 + (day - 1) // 31 % 12, 1 + (day - 1) % 28)
    rows.append([100000 + i, date, round(20 + k * 15 + rnd.gauss(0, 6), 2), rnd.randint(1, 3 + 2 * k), 'city%02d' % min(29, int(rnd.expovariate(0.15))), classes[k]])
table('csv/orders-dates.csv', ['order_id', 'order_date', 'amount', 'items', 'city', 'tier'], rows)
# Short reviews, three sentiments.
words = {'good': ['great', 'lovely', 'excellent', 'happy', 'perfect'], 'bad': ['awful', 'broken', 'terrible', 'angry', 'refund'], 'meh': ['okay', 'average', 'fine', 'plain', 'ordinary']}
filler = ['the', 'product', 'was', 'and', 'delivery', 'it', 'really', 'very', 'my', 'order']
rows = []
for i in range(450):
    s = ['good', 'bad', 'meh'][i % 3]
    n = rnd.randint(4, 18)
    rows.append([' '.join(rnd.choice(words[s]) if rnd.random() < 0.3 else rnd.choice(filler) for _ in range(n)), s])
table('csv/reviews-text.csv', ['review', 'sentiment'], rows)

# ---- image folders for importImages
def png(width, height, idat=b''):
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 0, 0, 0, 0)) + chunk(b'IDAT', idat) + chunk(b'IEND', b'')
tiny = png(2, 2, zlib.compress(b'\x00\x00\xff\x00\xff\x00'))
for cls in ('a', 'b'):
    w(f'images/hostile/{cls}/ok.png', tiny, 'wb')
w('images/hostile/a/bomb.png', png(100000, 100000, zlib.compress(b'\x00' * 1000)), 'wb')
w('images/hostile/a/truncated.png', tiny[:30], 'wb')
w('images/hostile/a/text.png', 'not an image')
w('images/hostile/b/empty.jpg', b'', 'wb')
w('images/hostile/b/zero-size.png', png(0, 0), 'wb')
w('images/hostile/b/nested/deeper.png', tiny, 'wb')
w('images/one-class/only/ok.png', tiny, 'wb')
