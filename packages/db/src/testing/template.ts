export const TEMPLATE_DATABASE = 'tributary_template';
