-- Support-centre coordinators a collaboration's parties invite into its workspace (read only).
CREATE TABLE collaboration_coordinators (
    collaboration_id BIGINT NOT NULL REFERENCES collaborations(id) ON DELETE CASCADE,
    user_id          BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    invited_by       BIGINT REFERENCES users(id) ON DELETE SET NULL,
    invited_at       BIGINT NOT NULL,
    PRIMARY KEY (collaboration_id, user_id)
);
