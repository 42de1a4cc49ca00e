-- A unit that sets only its 农民 amount must not switch off the insurance deduction its 党委 decided: null = not set here
-- (the nearest unit above that sets it decides). Rows written so far by a farmer-amount-only change held false for "not
-- set"; they cannot be told apart from a deliberate "off" below a unit that set "on", so the ones below such a unit
-- become "not set" (only a 党委 administrator sets the option, on the 党委 itself).
ALTER TABLE dues_unit_settings ALTER COLUMN deduct_insurance DROP NOT NULL;
UPDATE dues_unit_settings s SET deduct_insurance = NULL
WHERE s.deduct_insurance = false AND EXISTS (
    SELECT 1 FROM dues_unit_settings a JOIN organizations o ON o.id = s.org_id
    WHERE a.deduct_insurance = true AND a.org_id <> s.org_id
      AND a.org_id::text = ANY (string_to_array(o.path::text, '.')));
