// The form, built from the catalog (the models query): what each model accepts decides which fields show and what
// they offer; the input is read back as the GraphQL GenerateImageInput.

const $ = (id) => document.getElementById(id);

/** The form field that shows the errors of each GenerateImageInput field (extensions.fields[].field). */
export const FIELD_IDS = {
    prompt: 'prompt',
    negativePrompt: 'negative-prompt',
    model: 'model',
    aspectRatio: 'aspect-ratio',
    numImages: 'num-images',
    seed: 'seed',
    options: 'options',
};

export function credits(n) {
    return n === 1 ? '1 credit' : `${n} credits`;
}

function statusNote(model) {
    if (model.status === 'RETIRED') {
        return model.replacement ? `retired: use ${model.replacement}` : 'retired';
    }
    if (model.status === 'DEPRECATED') {
        return model.replacement ? `deprecated: use ${model.replacement}` : 'deprecated';
    }
    return '';
}

/** The Model select: every model, grouped by family, with its price; retired and deprecated ones marked. */
export function renderModels(models, preferred) {
    const select = $('model');
    select.replaceChildren();
    const families = new Map();
    for (const model of models) {
        if (!families.has(model.family)) {
            const group = document.createElement('optgroup');
            group.label = model.family;
            families.set(model.family, group);
            select.append(group);
        }
        const option = document.createElement('option');
        option.value = model.id;
        const note = statusNote(model);
        option.textContent = `${model.name} — ${credits(model.creditsPerImage)} per image${note ? ` (${note})` : ''}`;
        families.get(model.family).append(option);
    }
    const chosen = models.find((m) => m.id === preferred)
        ?? models.find((m) => m.id === 'imagen4-fast')
        ?? models.find((m) => m.status === 'ACTIVE') ?? models[0];
    if (chosen) {
        select.value = chosen.id;
    }
}

function fillSelect(select, values, chosen, text = (v) => v) {
    select.replaceChildren(...values.map((value) => {
        const option = document.createElement('option');
        option.value = typeof value === 'string' ? value : value.value;
        option.textContent = text(value);
        return option;
    }));
    const keep = [...select.options].some((o) => o.value === chosen);
    select.value = keep ? chosen : select.options[0]?.value ?? '';
}

/** Shows the fields the model takes, with its values: aspect ratios, 1..maxImages, seed, negative prompt, options. */
export function applyModel(model) {
    const note = statusNote(model);
    $('model-note').hidden = !note;
    $('model-note').textContent = note ? `${model.name} is ${note}.` : '';

    $('negative-prompt-field').hidden = !model.supportsNegativePrompt;
    $('seed-field').hidden = !model.supportsSeed;

    const ratio = $('aspect-ratio');
    const ratios = model.aspectRatios.length ? model.aspectRatios : ['1:1'];
    fillSelect(ratio, ratios, ratio.value || (ratios.includes('1:1') ? '1:1' : ratios[0]));

    const count = $('num-images');
    count.max = String(model.maxImages);
    count.disabled = model.maxImages <= 1;
    const n = Number.parseInt(count.value, 10);
    count.value = String(Number.isNaN(n) ? 1 : Math.min(Math.max(n, 1), model.maxImages));

    const options = model.options ?? [];
    $('options').hidden = options.length === 0;
    $('options-fields').replaceChildren(...options.map((option) => {
        const field = document.createElement('div');
        field.className = 'field';
        const id = `option-${option.name}`;
        const label = document.createElement('label');
        label.htmlFor = id;
        label.textContent = option.name;
        const select = document.createElement('select');
        select.id = id;
        select.dataset.option = option.name;
        select.setAttribute('aria-describedby', 'options-error');
        fillSelect(select, option.values, option.default,
            (value) => `${value.value} — ${credits(value.creditsPerImage)} per image`);
        field.append(label, select);
        return field;
    }));
}

function intValue(id) {
    const raw = $(id).value.trim();
    if (raw === '') {
        return undefined;
    }
    const n = Number(raw);
    return Number.isInteger(n) ? n : raw;
}

/** The GenerateImageInput the form says, holding only what the model takes. */
export function readInput(model) {
    const input = {
        prompt: $('prompt').value,
        model: model.id,
        aspectRatio: $('aspect-ratio').value,
        numImages: intValue('num-images') ?? 1,
    };
    if (model.supportsNegativePrompt && $('negative-prompt').value.trim() !== '') {
        input.negativePrompt = $('negative-prompt').value;
    }
    const seed = intValue('seed');
    if (model.supportsSeed && seed !== undefined) {
        input.seed = seed;
    }
    const options = [...document.querySelectorAll('#options-fields select')]
        .map((select) => ({ name: select.dataset.option, value: select.value }));
    if (options.length) {
        input.options = options;
    }
    return input;
}

/** The catalog's price of the input, for when the gateway cannot be asked (no key yet). */
export function catalogPrice(model, input) {
    let perImage = model.creditsPerImage;
    for (const chosen of input.options ?? []) {
        const option = model.options.find((o) => o.name === chosen.name);
        const value = option?.values.find((v) => v.value === chosen.value);
        if (value) {
            perImage = Math.max(perImage, value.creditsPerImage);
        }
    }
    const count = typeof input.numImages === 'number' ? input.numImages : 1;
    return perImage * count;
}

export function randomSeed() {
    const buffer = new Uint32Array(1);
    crypto.getRandomValues(buffer);
    return buffer[0] % 2147483648;
}

/** Marks one field invalid with the rule's message beside it. */
export function showFieldError(field, message) {
    const id = FIELD_IDS[field];
    const control = id && $(id);
    const box = id && $(`${id}-error`);
    if (!control || !box) {
        return false;
    }
    control.setAttribute('aria-invalid', 'true');
    box.textContent = box.hidden || !box.textContent ? message : `${box.textContent} ${message}`;
    box.hidden = false;
    return true;
}

export function clearErrors() {
    for (const box of document.querySelectorAll('.error')) {
        box.hidden = true;
        box.textContent = '';
    }
    for (const control of document.querySelectorAll('[aria-invalid]')) {
        control.removeAttribute('aria-invalid');
    }
}
