-- A 志愿书 number is given to a development case (0039): the use register refers to it.
ALTER TABLE volunteer_book_uses
    ADD CONSTRAINT fk_volunteer_book_uses_development_case FOREIGN KEY (development_case_id) REFERENCES development_cases (id) ON DELETE RESTRICT;
