// Tables of the budget part (filled by the part).
export {};
