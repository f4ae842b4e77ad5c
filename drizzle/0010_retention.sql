-- Placeholder: replaced by the migration of this slot.
SELECT 1;
