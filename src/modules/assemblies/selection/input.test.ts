import { describe, expect, it } from 'vitest';
import { compileInstance, computeDistribution, instanceFromFiles, normaliseAddress, SelectionInputError, type SelectionInstance } from './index';

/** Input that cannot describe a selection problem is refused with a SelectionInputError and a reason. */

const base: SelectionInstance = {
  panelSize: 2,
  quotas: [
    { feature: 'gender', value: 'female', min: 1, max: 2 },
    { feature: 'gender', value: 'male', min: 0, max: 2 },
  ],
  volunteers: [
    { id: 'v1', features: { gender: 'female' } },
    { id: 'v2', features: { gender: 'male' } },
    { id: 'v3', features: { gender: 'female' } },
  ],
};

function inputError(instance: SelectionInstance): SelectionInputError {
  try {
    compileInstance(instance);
  } catch (err) {
    if (err instanceof SelectionInputError) return err;
    throw err;
  }
  throw new Error('expected a SelectionInputError');
}

describe('SelectionInputError', () => {
  it('accepts a valid instance', () => {
    expect(compileInstance(base).classes).toHaveLength(2);
  });

  it('refuses a volunteer id used twice', () => {
    const err = inputError({ ...base, volunteers: [...base.volunteers, { id: 'v1', features: { gender: 'male' } }] });
    expect(err.code).toBe('volunteer_id_duplicate');
    expect(err.message).toMatch(/"v1" is used twice/);
  });

  it('refuses minimums that add up to more than the panel', () => {
    const err = inputError({
      ...base,
      quotas: [
        { feature: 'gender', value: 'female', min: 2, max: 2 },
        { feature: 'gender', value: 'male', min: 1, max: 2 },
      ],
    });
    expect(err.code).toBe('quota_invalid');
    expect(err.message).toMatch(/minimums of gender add up to 3, more than the panel of 2/);
    expect(inputError({ ...base, quotas: [{ feature: 'gender', value: 'female', min: 3, max: 3 }, base.quotas[1]!] }).code).toBe('quota_invalid');
  });

  it('refuses maximums that add up to less than the panel', () => {
    const err = inputError({
      ...base,
      panelSize: 3,
      quotas: [
        { feature: 'gender', value: 'female', min: 0, max: 1 },
        { feature: 'gender', value: 'male', min: 0, max: 1 },
      ],
    });
    expect(err.code).toBe('quota_invalid');
    expect(err.message).toMatch(/maximums of gender add up to 2, less than the panel of 3/);
  });

  it('refuses a panel larger than the pool', () => {
    const err = inputError({ ...base, panelSize: 4, quotas: base.quotas.map((q) => ({ ...q, max: 4 })) });
    expect(err.code).toBe('pool_too_small');
    expect(err.message).toMatch(/3 volunteers for a panel of 4/);
  });

  it('refuses a feature value that has no quota', () => {
    const err = inputError({ ...base, volunteers: [...base.volunteers, { id: 'v4', features: { gender: 'non-binary' } }] });
    expect(err.code).toBe('volunteer_value_unknown');
    expect(err.message).toMatch(/"v4" has the value "non-binary" for gender, which has no quota/);
  });

  it('refuses a volunteer without a value for a quota feature', () => {
    expect(inputError({ ...base, volunteers: [...base.volunteers, { id: 'v4', features: {} }] }).code).toBe('volunteer_value_missing');
  });

  it('refuses a bad panel size, a quota given twice, a minimum above its maximum', () => {
    expect(inputError({ ...base, panelSize: 0 }).code).toBe('panel_size_invalid');
    expect(inputError({ ...base, panelSize: 1.5 }).code).toBe('panel_size_invalid');
    expect(inputError({ ...base, quotas: [...base.quotas, base.quotas[0]!] }).code).toBe('quota_duplicate');
    expect(inputError({ ...base, quotas: [{ ...base.quotas[0]!, min: 2, max: 1 }, base.quotas[1]!] }).code).toBe('quota_invalid');
  });

  it('is thrown by computeDistribution before any solving', async () => {
    await expect(computeDistribution({ ...base, panelSize: 4 })).rejects.toBeInstanceOf(SelectionInputError);
  });

  it('reports CSV problems with the file and row', () => {
    expect(() => instanceFromFiles({ 'categories.csv': 'category,feature,min,max\ngender,female,one,2\n', 'respondents.csv': 'gender\nfemale\n' }, 1)).toThrow(
      /categories.csv row 2, min is not a whole number/,
    );
    expect(() => instanceFromFiles({ 'people.csv': '' }, 1)).toThrow(SelectionInputError);
  });
});

describe('CSV readers', () => {
  it('reads the replication format (row number as id)', () => {
    const instance = instanceFromFiles(
      { 'categories.csv': 'category,feature,min,max\ngender,female,1,1\ngender,male,1,1\n', 'respondents.csv': 'gender\nfemale\nmale\nmale\n' },
      2,
    );
    expect(instance.volunteers.map((v) => [v.id, v.features.gender])).toEqual([
      ['0', 'female'],
      ['1', 'male'],
      ['2', 'male'],
    ]);
    expect(instance.onePerHousehold).toBeUndefined();
  });

  it('reads the Sortition Foundation format with flex bounds and addresses', () => {
    const instance = instanceFromFiles(
      {
        'features.csv': 'feature,value,min,max,min_flex,max_flex\nGender,Female,1,1,0,2\nGender,Male,1,1,0,2\n',
        'candidates.csv': 'nationbuilder_id,primary_address1,primary_zip,Gender\np0,1 High St,AB1,Female\np1,1 high st.,ab1,Male\n',
      },
      2,
    );
    expect(instance.quotas[0]).toEqual({ feature: 'Gender', value: 'Female', min: 1, max: 1, minFlex: 0, maxFlex: 2 });
    expect(instance.onePerHousehold).toBe(true);
    expect(instance.volunteers.map((v) => normaliseAddress(v.address!))).toEqual(['1 high st ab1', '1 high st ab1']);
  });
});
