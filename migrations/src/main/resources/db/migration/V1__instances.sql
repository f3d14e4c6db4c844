-- Every start of a backend instance, so operators can see which instances and versions ran against this database.
CREATE TABLE backend_start (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id TEXT        NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
