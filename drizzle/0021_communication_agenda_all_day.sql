-- Communication, agenda part: all-day events (an OpenAgenda timing from 00:00 to 23:59 Paris time,
-- or an agent's choice). starts_at is then 00:00 Paris time of the first day and ends_at 00:00 of
-- the day after the last; iCalendar writes them as DATE values.
ALTER TABLE "communication_agenda_events" ADD COLUMN "all_day" boolean DEFAULT false NOT NULL;
