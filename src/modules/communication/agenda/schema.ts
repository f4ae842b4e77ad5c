// Tables of the agenda part (filled by the part).
export {};
