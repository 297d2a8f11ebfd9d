/**
 * The one function of jstat 1.9.6 the forecasts use. The package ships no types and there is no
 * @types/jstat on the registry, so this declares just what is called, as its documentation states it.
 */
declare module 'jstat' {
  export const jStat: {
    readonly studentt: {
      /** The p-quantile of Student's t distribution with dof degrees of freedom. */
      readonly inv: (p: number, dof: number) => number;
    };
  };
}
