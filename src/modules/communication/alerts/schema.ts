// Tables of the alerts part (filled by the part).
export {};
