/**
 * Numbered migrations. Migration N moves the schema from user_version N-1 to N inside one transaction,
 * so a failure leaves the previous version intact. Never edit a shipped migration: add a new one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('image', 'table', 'text')),
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE dataset_versions (
        id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        input_shape TEXT NOT NULL,
        classes TEXT NOT NULL,
        train_count INTEGER NOT NULL,
        test_count INTEGER NOT NULL,
        recipe TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        UNIQUE (dataset_id, version)
      );
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('draft','running','completed','failed','cancelled','interrupted')),
        dataset_id TEXT NOT NULL,
        dataset_version_id TEXT NOT NULL,
        graph TEXT NOT NULL,
        layout TEXT NOT NULL,
        hyperparams TEXT NOT NULL,
        param_count INTEGER NOT NULL DEFAULT 0,
        backend TEXT,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        heartbeat_at TEXT,
        owner_pid INTEGER,
        error TEXT,
        test_accuracy REAL,
        test_loss REAL,
        checkpoint_epoch INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX experiments_created ON experiments(created_at);
      CREATE TABLE epoch_metrics (
        experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        epoch INTEGER NOT NULL,
        loss REAL NOT NULL,
        accuracy REAL NOT NULL,
        val_loss REAL,
        val_accuracy REAL,
        seconds REAL NOT NULL,
        PRIMARY KEY (experiment_id, epoch)
      );
      CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        split TEXT NOT NULL,
        metrics TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        experiment_id TEXT NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'imported dataset data',
    sql: `
      ALTER TABLE dataset_versions ADD COLUMN val_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE dataset_versions ADD COLUMN stats TEXT NOT NULL DEFAULT '{}';
      -- Features (float32) and labels (int32) of one split, a few MB per chunk, in row order.
      CREATE TABLE dataset_chunks (
        version_id TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
        chunk_index INTEGER NOT NULL,
        count INTEGER NOT NULL,
        x BLOB NOT NULL,
        y BLOB NOT NULL,
        PRIMARY KEY (version_id, split, chunk_index)
      );
      -- The source rows as read (JSON arrays, first element = split), for previews.
      CREATE TABLE dataset_rows (
        version_id TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        chunk_index INTEGER NOT NULL,
        first_row INTEGER NOT NULL,
        count INTEGER NOT NULL,
        rows TEXT NOT NULL,
        PRIMARY KEY (version_id, chunk_index)
      );
    `,
  },
  {
    version: 3,
    name: 'test predictions, experiment tags and notes',
    sql: `
      -- Test predictions so every metric can be redrawn without retraining: probabilities as float32
      -- (count × width, row-major), true labels and test-split indices as int32.
      ALTER TABLE evaluations ADD COLUMN width INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE evaluations ADD COLUMN predictions BLOB;
      ALTER TABLE evaluations ADD COLUMN labels BLOB;
      ALTER TABLE evaluations ADD COLUMN sample_index BLOB;
      CREATE INDEX evaluations_experiment ON evaluations(experiment_id, split, id);
      ALTER TABLE experiments ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE experiments ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    version: 4,
    name: 'hyperparameter sweeps',
    sql: `
      -- A sweep: what it searches (space, strategy, budget) and the base it varies (graph, dataset, settings).
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'failed')),
        plan TEXT NOT NULL,
        base TEXT NOT NULL,
        message TEXT,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      -- Trials are ordinary experiments linked here. state: active (follow the experiment), stopped
      -- (dropped by successive halving), skipped (never run: cancelled or out of budget).
      CREATE TABLE sweep_trials (
        sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        trial_index INTEGER NOT NULL,
        experiment_id TEXT NOT NULL UNIQUE REFERENCES experiments(id) ON DELETE CASCADE,
        params TEXT NOT NULL,
        rung INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'stopped', 'skipped')),
        pending_epochs INTEGER,
        resumes INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (sweep_id, trial_index)
      );
    `,
  },
  {
    version: 5,
    name: 'experiment summary columns',
    sql: `
      -- The experiments table reads these instead of aggregating epoch_metrics for every row: 5,000
      -- experiments list in one narrow SELECT. The repository refreshes them whenever epochs change.
      ALTER TABLE experiments ADD COLUMN epochs_done INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE experiments ADD COLUMN last_epoch INTEGER;
      ALTER TABLE experiments ADD COLUMN last_accuracy REAL;
      ALTER TABLE experiments ADD COLUMN last_val_accuracy REAL;
      ALTER TABLE experiments ADD COLUMN last_val_loss REAL;
      ALTER TABLE experiments ADD COLUMN best_val_accuracy REAL;
      ALTER TABLE experiments ADD COLUMN best_val_epoch INTEGER;
      UPDATE experiments SET
        (epochs_done, last_epoch, last_accuracy, last_val_accuracy, last_val_loss) =
          (SELECT COUNT(*), MAX(epoch), accuracy, val_accuracy, val_loss FROM epoch_metrics WHERE experiment_id = experiments.id),
        (best_val_accuracy, best_val_epoch) =
          (SELECT MAX(val_accuracy), epoch FROM epoch_metrics WHERE experiment_id = experiments.id AND val_accuracy IS NOT NULL);
    `,
  },
  {
    version: 6,
    name: 'staged streaming imports',
    sql: `
      -- A streaming import writes its chunks here while it reads the file (small transactions, so other
      -- writers are never blocked for the whole import), then moves them into dataset_chunks/dataset_rows
      -- in the one transaction that creates the version. Cancel, failure or a dead host leaves nothing
      -- visible: the import's rows here are deleted (by the import, or by the next one for a dead pid).
      CREATE TABLE staged_imports (
        id TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL
      );
      CREATE TABLE staged_chunks (
        import_id TEXT NOT NULL REFERENCES staged_imports(id) ON DELETE CASCADE,
        split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
        chunk_index INTEGER NOT NULL,
        count INTEGER NOT NULL,
        x BLOB NOT NULL,
        y BLOB NOT NULL,
        PRIMARY KEY (import_id, split, chunk_index)
      );
      CREATE TABLE staged_rows (
        import_id TEXT NOT NULL REFERENCES staged_imports(id) ON DELETE CASCADE,
        chunk_index INTEGER NOT NULL,
        first_row INTEGER NOT NULL,
        count INTEGER NOT NULL,
        rows TEXT NOT NULL,
        PRIMARY KEY (import_id, chunk_index)
      );
    `,
  },
  {
    version: 7,
    name: 'the GPU adapter a run trained on',
    sql: `
      -- JSON {vendor, architecture, description, software} when the run trained on webgpu, else NULL:
      -- the backend name alone does not say whether "webgpu" was a GPU or a software device on the CPU.
      ALTER TABLE experiments ADD COLUMN backend_adapter TEXT;
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
