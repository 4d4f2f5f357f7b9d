-- 0003: how each anchor's Merkle tree is built (store.TreeKind). Anchors
-- made before this column have the level-by-level tree (0); new ones use
-- OpenZeppelin's SimpleMerkleTree layout (1), which standard tools rebuild.
ALTER TABLE anchors ADD COLUMN tree INTEGER NOT NULL DEFAULT 0;
