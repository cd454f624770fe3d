-- Reserved: number 0020 belongs to another change being made beside this
-- one. This file does nothing; it only keeps the numbers contiguous until
-- that migration takes its place, when this file is removed.
SELECT 1;
