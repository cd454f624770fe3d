-- A placeholder for migration 0016, which another branch of this work adds;
-- it keeps the numbers contiguous on this branch and is dropped at merge.
SELECT 1;
