// Tables of the acts part (filled by the part).
export {};
