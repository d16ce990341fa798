// The type of a server value after it crossed the API as JSON: dates arrive as ISO strings.
// Lets the client use the data layer's own return types instead of repeating them by hand.
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends readonly (infer U)[]
      ? readonly Jsonified<U>[]
      : T extends object
        ? { [K in keyof T]: Jsonified<T[K]> }
        : T;
