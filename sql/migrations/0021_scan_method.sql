-- How a check-in was made: a ticket read or typed at the door, or a person let in by name by
-- the staff (someone who lost everything).
alter table scans add column method text not null default 'ticket'
    constraint scans_method_check check (method in ('ticket', 'by_name'));
